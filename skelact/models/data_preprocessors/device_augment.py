"""Contrastive views made on the device (``augment_on = 'device'``).

The loader yields each sample once (its deterministic preprocessing
only); :class:`DeviceAugmentPreprocessor` stacks the batch on the device
and makes the views there with the batched augmentations of
:mod:`.batch_augment`, every sample drawing its own parameters. The
generator is seeded per iteration from ``(seed, iteration, rank)``, so a
resumed run draws what the uninterrupted one would have.

:func:`apply_augment_on` turns a config whose top level says
``augment_on = 'device'`` into this form: the train pipeline's
``MultiView`` is removed and its view pipelines move to the data
preprocessor.
"""
from typing import Optional, Sequence, Union

import torch

from skelact.registry import MODELS
from .batch_augment import build_batch_augment
from .skeleton import SkeletonDataPreprocessor

__all__ = ['DeviceAugmentPreprocessor', 'apply_augment_on',
           'AUGMENT_ON']

AUGMENT_ON = ('host', 'device')


def _iteration() -> int:
    try:
        from mmengine.logging import MessageHub
        return int(MessageHub.get_current_instance().get_info('iter', 0))
    except Exception:
        return 0


def _rank() -> int:
    try:
        from mmengine.dist import get_rank
        return int(get_rank())
    except Exception:
        return 0


@MODELS.register_module()
class DeviceAugmentPreprocessor(SkeletonDataPreprocessor):
    """:class:`SkeletonDataPreprocessor` that makes the contrastive views.

    In training, a batch of single samples (N, M, T, V, C) becomes the list
    of views ``[pipeline_0(x) x num_views[0], pipeline_1(x) ...]`` (the
    order of ``MultiView``), then each view gets the stream. Packed views
    (made by the loader) and evaluation batches pass as in the parent.

    Args:
        views: the view pipelines, lists of transform configs of
            :data:`~.batch_augment.BATCH_AUGMENTS` (the ``transforms`` of a
            ``MultiView``).
        num_views: views per pipeline.
        seed: base seed of the per-iteration generator (``None``: 0).
        **kwargs: see :class:`SkeletonDataPreprocessor`.
    """

    def __init__(self, views: Sequence[Sequence[dict]],
                 num_views: Union[int, Sequence[int]] = 2,
                 seed: Optional[int] = None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(num_views, int):
            num_views = [num_views] * len(views)
        if len(num_views) != len(views):
            raise ValueError(f'DeviceAugmentPreprocessor: {len(views)} view '
                             f'pipelines but num_views={list(num_views)}')
        self.pipelines = [build_batch_augment(p, f'views[{i}]')
                          for i, p in enumerate(views)]
        self.num_views = [int(n) for n in num_views]
        self.seed = 0 if seed is None else int(seed)
        self._raw = False

    def process_batch(self, batch: torch.Tensor) -> torch.Tensor:
        return batch if self._raw else super().process_batch(batch)

    def generator(self, device) -> torch.Generator:
        it = _iteration()
        key = (self.seed * 1_000_003 + it) * 1_009 + _rank()
        g = torch.Generator(device=device)
        g.manual_seed(key & 0x7FFF_FFFF_FFFF_FFFF)
        return g

    def make_views(self, batch: torch.Tensor, g: torch.Generator):
        views = []
        for pipeline, n in zip(self.pipelines, self.num_views):
            for _ in range(n):
                views.append(pipeline(batch, g))
        return views

    def forward(self, data: dict, training: bool = False) -> dict:
        from skelact.structures.views import is_packed_views
        if not training or is_packed_views(data['inputs']):
            return super().forward(data, training)
        data = self.cast_data(data)
        # the raw batch: stacked without the stream (it follows the views)
        self._raw = True
        try:
            batch = self.stack(data['inputs'])
        finally:
            self._raw = False
        views = self.make_views(batch, self.generator(batch.device))
        views = [self.process_batch(v) for v in views]
        return dict(inputs=views, data_samples=data.get('data_samples'))


def apply_augment_on(cfg) -> str:
    """Rewrite ``cfg`` in place for ``cfg.augment_on`` (``'host'``, the
    default: nothing to do; ``'device'``: see the module notes); return
    the mode applied (``'host'`` where the train pipeline makes no
    views)."""
    mode = cfg.get('augment_on', 'host')
    if mode not in AUGMENT_ON:
        raise ValueError(f'augment_on: expected one of {AUGMENT_ON}, got '
                         f'{mode!r}')
    if mode == 'host':
        return mode
    loader = cfg.get('train_dataloader') or {}
    dataset = loader.get('dataset') or {}
    pipeline = list(dataset.get('pipeline') or [])
    where = [i for i, t in enumerate(pipeline)
             if isinstance(t, dict) and t.get('type') == 'MultiView']
    if not where:  # no views to make (a derived evaluation protocol)
        return 'host'
    if len(where) > 1:
        raise ValueError(
            "augment_on='device': train_dataloader.dataset.pipeline has "
            f'{len(where)} MultiView steps; expected one')
    multi = pipeline.pop(where[0])
    dataset['pipeline'] = pipeline
    model = cfg.model
    pre = dict(model.get('data_preprocessor') or {})
    kind = pre.pop('type', 'SkeletonDataPreprocessor')
    if kind not in ('SkeletonDataPreprocessor', 'DeviceAugmentPreprocessor'):
        raise ValueError(f"augment_on='device': model.data_preprocessor is "
                         f'{kind}; expected SkeletonDataPreprocessor')
    pre.update(type='DeviceAugmentPreprocessor',
               views=multi['transforms'],
               num_views=multi.get('num_views', 2),
               seed=cfg.get('randomness', {}).get('seed'))
    model['data_preprocessor'] = pre
    return mode
