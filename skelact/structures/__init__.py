from .action_data_sample import ActionDataSample

__all__ = ['ActionDataSample']
