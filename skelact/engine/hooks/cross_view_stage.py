"""Two-stage CrosSCLR training: cross-view knowledge mining after an
epoch."""
from typing import Optional, Union

from mmengine.hooks import Hook

from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .required import verify_required_hooks

__all__ = ['CrossViewStageHook']

_FROM_MODEL = 'model'


@HOOKS.register_module()
class CrossViewStageHook(Hook):
    """Switch :class:`~skelact.models.algorithms.CrosSCLR`'s stage 2
    (cross-view mining) on for every epoch whose 0-based index is ``>=
    cross_epoch``: with 150, epochs 151-300 in 1-based counting, as the
    authors' ``train(epoch + 1)`` / ``if epoch <= cross_epoch`` (stage 1)
    do. ``cross_epoch=None`` keeps stage 1; the default, ``'model'``, reads
    the model's ``cross_epoch`` (whose constructor argument also makes the
    model declare this hook). The stage is the model's ``cross_active``
    buffer, set again before every epoch (also after a resume).
    Epoch-based loops only."""

    priority = 'NORMAL'

    def __init__(self, cross_epoch: Union[int, None, str] = _FROM_MODEL):
        if cross_epoch != _FROM_MODEL and cross_epoch is not None and (
                not isinstance(cross_epoch, int) or cross_epoch < 0):
            raise ValueError(f'CrossViewStageHook: cross_epoch must be an int '
                             f'>= 0, None or {_FROM_MODEL!r}, got '
                             f'{cross_epoch!r}')
        self.cross_epoch = cross_epoch

    def _cross_epoch(self, model) -> Optional[int]:
        if self.cross_epoch == _FROM_MODEL:
            return getattr(model, 'cross_epoch', None)
        return self.cross_epoch

    def before_train(self, runner):
        verify_required_hooks(runner)

    def before_train_epoch(self, runner):
        model = unwrap(runner.model)
        cross_epoch = self._cross_epoch(model)
        active = cross_epoch is not None and runner.epoch >= cross_epoch
        if bool(model.cross_active) != active:
            runner.logger.info(
                f'cross-view mining {"on" if active else "off"} from epoch '
                f'{runner.epoch + 1}')
        model.set_cross(active)
