"""Memory-bank (queue) update."""
from mmengine.hooks import Hook

from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .required import verify_required_hooks

__all__ = ['MemoryBankHook']


@HOOKS.register_module()
class MemoryBankHook(Hook):
    """After every training iteration, enqueue the keys the model computed
    (``model.enqueue_pending()``; gathered from all ranks under DDP, so
    every rank holds the same queue)."""

    priority = 'ABOVE_NORMAL'

    def before_train(self, runner):
        verify_required_hooks(runner)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        unwrap(runner.model).enqueue_pending()
