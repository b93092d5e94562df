"""Two-stage AimCLR training: nearest-neighbour mining after an epoch."""
from typing import Optional, Union

from mmengine.hooks import Hook

from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .required import verify_required_hooks

__all__ = ['NNMSwitchHook']

_FROM_MODEL = 'model'


@HOOKS.register_module()
class NNMSwitchHook(Hook):
    """Switch AimCLR's NNM on for every epoch whose 0-based index is at
    least ``mining_epoch``: the first ``mining_epoch`` epochs train with
    L1, the rest with L2. With 150, NNM runs from the 151st epoch on, as
    the paper ("L1 in the first 150 epochs") and the authors' code
    (``train(epoch + 1)`` with a 1-based epoch and ``if epoch <=
    mining_epoch`` for L1). ``mining_epoch=None`` keeps it off; the
    default, ``'model'``, reads the model's ``mining_epoch`` (AimCLR's
    constructor argument, which also makes the model declare this hook).
    The stage is a model buffer, so checkpoints carry it."""

    priority = 'NORMAL'

    def __init__(self, mining_epoch: Union[int, None, str] = _FROM_MODEL):
        if isinstance(mining_epoch, str) and mining_epoch != _FROM_MODEL:
            raise ValueError(f'NNMSwitchHook: mining_epoch must be an int, '
                             f'None or {_FROM_MODEL!r}, got {mining_epoch!r}')
        self.mining_epoch = mining_epoch

    def _mining_epoch(self, model) -> Optional[int]:
        if self.mining_epoch == _FROM_MODEL:
            return getattr(model, 'mining_epoch', None)
        return self.mining_epoch

    def before_train(self, runner):
        verify_required_hooks(runner)

    def before_train_epoch(self, runner):
        model = unwrap(runner.model)
        mining_epoch = self._mining_epoch(model)
        active = mining_epoch is not None and runner.epoch >= mining_epoch
        if bool(model.nnm_active) != active:
            runner.logger.info(f'NNM {"on" if active else "off"} from epoch '
                               f'{runner.epoch + 1}')
        model.set_nnm(active)
