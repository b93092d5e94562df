"""Helpers about built models."""
from mmengine.model import is_model_wrapper

__all__ = ['unwrap']


def unwrap(model):
    """The model inside a wrapper (``DistributedDataParallel``,
    ``MMDistributedDataParallel``, ...), or ``model`` itself when it is not
    wrapped."""
    return model.module if is_model_wrapper(model) else model
