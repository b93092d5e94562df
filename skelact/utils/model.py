"""Helpers about built models."""

__all__ = ['unwrap']


def unwrap(model):
    """The model inside a wrapper (``DistributedDataParallel``,
    ``MMDistributedDataParallel``, ...), or ``model`` itself when it is not
    wrapped."""
    # imported here: mmengine.model is heavy, and ``import skelact``
    # (which imports this package) should stay light
    from mmengine.model import is_model_wrapper
    return model.module if is_model_wrapper(model) else model
