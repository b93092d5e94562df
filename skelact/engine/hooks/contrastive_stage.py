"""The stage switch of noise-robust training: supervised-only epochs, then
the contrastive terms (seed 002's ``sup_thresh``; TCL's ``pseudo_thresh``)."""
from typing import Optional, Union

from mmengine.hooks import Hook

from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .required import verify_required_hooks

__all__ = ['ContrastiveStageHook']

_FROM_MODEL = 'model'


@HOOKS.register_module()
class ContrastiveStageHook(Hook):
    """Switch the contrastive terms of a
    :class:`~skelact.models.algorithms.NoiseRobustRecognizer` on for every
    epoch whose 0-based index is ``>= sup_thresh`` (TCL's ``epoch >=
    pseudo_thresh``): ``sup_thresh=0`` trains with them from the first
    epoch, 20 after 20 supervised-only epochs. The default, ``'model'``,
    reads the model's ``sup_thresh``. The stage is the model's
    ``contrastive_active`` buffer, so checkpoints carry it; it is set again
    before every epoch (also after a resume). Epoch-based loops only.
    """

    priority = 'NORMAL'

    def __init__(self, sup_thresh: Union[int, str] = _FROM_MODEL):
        if sup_thresh != _FROM_MODEL and (
                not isinstance(sup_thresh, int) or sup_thresh < 0):
            raise ValueError(f'ContrastiveStageHook: sup_thresh must be an '
                             f'int >= 0 or {_FROM_MODEL!r}, got '
                             f'{sup_thresh!r}')
        self.sup_thresh = sup_thresh

    def _threshold(self, model) -> Optional[int]:
        if self.sup_thresh == _FROM_MODEL:
            return int(model.sup_thresh)
        return self.sup_thresh

    def before_train(self, runner):
        verify_required_hooks(runner)

    def before_train_epoch(self, runner):
        model = unwrap(runner.model)
        active = runner.epoch >= self._threshold(model)
        if bool(model.contrastive_active) != active:
            runner.logger.info(
                f'contrastive terms {"on" if active else "off"} from epoch '
                f'{runner.epoch + 1}')
        model.set_contrastive(active)
