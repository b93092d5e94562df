"""Momentum (EMA) update of a key encoder."""
from mmengine.hooks import Hook

from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .required import verify_required_hooks

__all__ = ['MomentumUpdateHook']


@HOOKS.register_module()
class MomentumUpdateHook(Hook):
    """Call ``model.momentum_update()`` before every training iteration --
    the point where MoCo and the AimCLR code update the key encoder (before
    computing the keys)."""

    priority = 'ABOVE_NORMAL'

    def before_train(self, runner):
        verify_required_hooks(runner)

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        unwrap(runner.model).momentum_update()
