"""Transform wrappers: several augmented views of one sample, random apply.

:class:`MultiView` (after mmpretrain's ``MultiView``) runs each of its
sub-pipelines on a deep copy of the record, ``num_views[i]`` times, and
sets ``keypoint`` (and ``keypoint_score`` when present) to a
:class:`~skelact.structures.Views` list of the views;
:class:`~skelact.datasets.transforms.PackSkeletonInputs` then packs them as
``inputs = {'views': [...]}``, which the collate keeps and the data
preprocessor recognises (:mod:`skelact.structures.views`).

Example -- AimCLR's three views (Levigty/AimCLR ``feeder/ntu_feeder.py``,
``Feeder_triple``): the model is called as ``model(extreme, query, key)``,
so the extreme view comes first, then two normal views::

    normal = [
        dict(type='RandomTemporalCrop', padding_ratio=6),
        dict(type='Shear', amplitude=0.5),
    ]
    extreme = normal + [   # Feeder_triple._strong_aug, aug_method='12345'
        dict(type='SpatialFlip', p=0.5),
        dict(type='RandomRotate', max_angle=30, minor_angle=1),
        dict(type='GaussianNoise', mean=0, std=0.01, p=0.5),
        dict(type='GaussianBlur', kernel_size=15, sigma_range=(0.1, 2.0),
             p=0.5),
        dict(type='AxisMask', p=0.5),
    ]   # the paper's 8 add dict(type='TemporalFlip', p=0.5) (code: '6', last)
    train_pipeline = [
        dict(type='MultiView', transforms=[extreme, normal],
             num_views=[1, 2]),
        dict(type='PackSkeletonInputs'),
    ]

SkeletonCLR / CrosSCLR use two normal views:
``dict(type='MultiView', transforms=[normal], num_views=2)``. The authors
compute the bone / motion stream from the *augmented* views (in the
training loop); in skelact the data preprocessor does the same
(``SkeletonDataPreprocessor(stream='bone')``), after the pipeline.
"""
import copy
from typing import Callable, Sequence, Union

import numpy as np
from mmengine.dataset import Compose

from skelact.registry import TRANSFORMS
from skelact.structures.views import Views
from .base import BaseTransform

__all__ = ['MultiView', 'RandomApply', 'build_pipeline']


def build_pipeline(transforms) -> Compose:
    """A :class:`mmengine.dataset.Compose` of ``transforms`` (configs built
    with skelact's ``TRANSFORMS``, callables kept)."""
    if isinstance(transforms, Compose):
        return transforms
    if isinstance(transforms, dict) or callable(transforms):
        transforms = [transforms]
    built = []
    for t in transforms:
        if isinstance(t, dict):
            built.append(TRANSFORMS.build(t))
        elif callable(t):
            built.append(t)
        else:
            raise TypeError(f'pipeline entries must be config dicts or '
                            f'callables, got {type(t).__name__}: {t!r}')
    return Compose(built)


@TRANSFORMS.register_module()
class MultiView(BaseTransform):
    """Several augmented views of one sample.

    Args:
        transforms: a list of pipelines; each pipeline is a list of
            transform configs (or callables). Pipeline ``i`` produces
            ``num_views[i]`` views, each from a fresh deep copy of the input
            record; the views are listed pipeline by pipeline.
        num_views: views per pipeline; an int applies to every pipeline.
        keys: keys collected into :class:`~skelact.structures.Views` lists:
            those of the record and those the first view pipeline makes
            (``keys=('imgs',)`` for volumes made per view); others are
            skipped. Other keys keep the input's values.
    """

    def __init__(self, transforms: Sequence[Sequence[Union[dict, Callable]]],
                 num_views: Union[int, Sequence[int]] = 2,
                 keys: Sequence[str] = ('keypoint', 'keypoint_score')):
        if isinstance(transforms, dict) or not isinstance(
                transforms, (list, tuple)):
            raise TypeError('MultiView: "transforms" must be a list of '
                            'pipelines (lists of transform configs), got '
                            f'{type(transforms).__name__}')
        for i, pipe in enumerate(transforms):
            if not isinstance(pipe, (list, tuple, Compose)):
                raise TypeError(
                    f'MultiView: transforms[{i}] must be a pipeline (a list '
                    f'of transform configs), got {type(pipe).__name__}; '
                    'wrap a single pipeline as transforms=[[...]]')
        if isinstance(num_views, int):
            num_views = [num_views] * len(transforms)
        num_views = [int(n) for n in num_views]
        if len(num_views) != len(transforms):
            raise ValueError(f'MultiView: {len(transforms)} pipelines but '
                             f'num_views={num_views}')
        if any(n < 0 for n in num_views) or sum(num_views) == 0:
            raise ValueError(f'MultiView: bad num_views={num_views}')
        self.num_views = num_views
        self.keys = tuple(keys)
        self.pipelines = [build_pipeline(p) for p in transforms]

    def transform(self, results):
        views = None
        for pipeline, n in zip(self.pipelines, self.num_views):
            for _ in range(n):
                out = pipeline(copy.deepcopy(results))
                if out is None:
                    return None
                if views is None:  # keys of the record or made by a view
                    views = {k: Views() for k in self.keys
                             if k in results or k in out}
                for k in views:
                    if k not in out:
                        raise KeyError(f'MultiView: a view pipeline dropped '
                                       f'"{k}"')
                    views[k].append(out[k])
        results.update(views)
        return results

    def __repr__(self):
        return (f'MultiView(num_views={self.num_views}, '
                f'pipelines={self.pipelines})')


@TRANSFORMS.register_module()
class RandomApply(BaseTransform):
    """Apply a pipeline with probability ``p`` (one coin for the whole
    pipeline, drawn from numpy's global state).

    Args:
        transforms: a list of transform configs (or callables).
        p: probability of applying them.
    """

    def __init__(self, transforms: Sequence[Union[dict, Callable]],
                 p: float = 0.5):
        self.p = p
        self.pipeline = build_pipeline(transforms)

    def transform(self, results):
        if np.random.rand() < self.p:
            return self.pipeline(results)
        return results
