"""Memory-bank (queue) update."""
from mmengine.hooks import Hook

from skelact.registry import HOOKS
from .momentum_update import unwrap

__all__ = ['MemoryBankHook']


@HOOKS.register_module()
class MemoryBankHook(Hook):
    """After every training iteration, enqueue the keys the model computed
    (``model.enqueue_pending()``; gathered from all ranks under DDP, so
    every rank holds the same queue)."""

    priority = 'ABOVE_NORMAL'

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        unwrap(runner.model).enqueue_pending()
