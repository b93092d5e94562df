"""Several volume views of one sample (the clean and the noisy volume of the
noise-robust method): ``MultiView(keys=('imgs',))`` collects the ``imgs``
of its view pipelines into a :class:`~skelact.structures.Views` list, and
:class:`PackVolumeViews` packs them as ``inputs={'views': [...]}``, which
the collate keeps and the volume data preprocessor hands to the model as
one batch per view (:mod:`skelact.structures.views`)::

    clean = [dict(type='PoseCompact', ...), ..., dict(type='GeneratePoseTarget')]
    noisy = [dict(type='MotionScaledNoise', alpha=0.01)] + clean
    train_pipeline = [
        dict(type='UniformSampleFrames', clip_len=24),
        dict(type='MultiView', transforms=[clean, noisy], num_views=[1, 1],
             keys=('imgs',)),
        dict(type='PackVolumeViews'),
    ]
"""
import numpy as np
import torch

from skelact.registry import TRANSFORMS
from skelact.structures.views import Views, pack_views
from .volume_formatting import PackVolumeInputs

__all__ = ['PackVolumeViews']


def _volume(imgs, where: str) -> torch.Tensor:
    if imgs.ndim == 4:
        imgs = imgs[None]
    if imgs.ndim != 5:
        raise ValueError(f'PackVolumeViews: {where} must be (S, C, T, H, W), '
                         f'got shape {imgs.shape}')
    return torch.from_numpy(np.ascontiguousarray(imgs, np.float32))


@TRANSFORMS.register_module()
class PackVolumeViews(PackVolumeInputs):
    """:class:`PackVolumeInputs` for ``imgs`` that may be a ``Views`` list
    (from ``MultiView(keys=('imgs',))``): ``inputs`` becomes ``{'views':
    [tensor (S, C, T, H, W), ...]}``; a single volume is packed as
    :class:`PackVolumeInputs` does. ``num_clips`` in the meta info is that
    of one view (all views must agree).
    """

    def transform(self, results):
        imgs = results.get('imgs')
        if not isinstance(imgs, Views):
            if isinstance(imgs, (list, tuple)):
                raise ValueError(
                    'PackVolumeViews: "imgs" is a plain '
                    f'{type(imgs).__name__}; several views must come from '
                    "MultiView(keys=('imgs',)) (a Views list)")
            return super().transform(results)
        views = [_volume(v, f'view {i} of "imgs"')
                 for i, v in enumerate(imgs)]
        shapes = {tuple(v.shape) for v in views}
        if len(shapes) > 1:
            raise ValueError(f'PackVolumeViews: the views have different '
                             f'shapes {sorted(shapes)}')
        packed = super().transform(dict(results, imgs=views[0].numpy()))
        packed['inputs'] = pack_views(views)
        return packed
