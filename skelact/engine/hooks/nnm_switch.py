"""Two-stage AimCLR training: nearest-neighbour mining after an epoch."""
from mmengine.hooks import Hook

from skelact.registry import HOOKS
from .momentum_update import unwrap

__all__ = ['NNMSwitchHook']


@HOOKS.register_module()
class NNMSwitchHook(Hook):
    """Switch AimCLR's NNM on for every epoch whose 0-based index exceeds
    ``mining_epoch`` (the authors' ``epoch > mining_epoch``: with 150, NNM
    runs from the 152nd epoch on). ``mining_epoch=None`` keeps it off.
    The stage is a model buffer, so checkpoints carry it."""

    priority = 'NORMAL'

    def __init__(self, mining_epoch: int = 150):
        self.mining_epoch = mining_epoch

    def before_train_epoch(self, runner):
        active = self.mining_epoch is not None and \
            runner.epoch > self.mining_epoch
        model = unwrap(runner.model)
        if bool(model.nnm_active) != active:
            runner.logger.info(f'NNM {"on" if active else "off"} from epoch '
                               f'{runner.epoch + 1}')
        model.set_nnm(active)
