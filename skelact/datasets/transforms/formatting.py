"""Packing a results dict into model inputs."""
from typing import Sequence

import numpy as np
import torch

from skelact.registry import TRANSFORMS
from skelact.structures.action_data_sample import ActionDataSample
from skelact.structures.views import Views, pack_views
from .base import BaseTransform

__all__ = ['PackSkeletonInputs']


@TRANSFORMS.register_module()
class PackSkeletonInputs(BaseTransform):
    """Pack ``keypoint`` into ``inputs`` and the rest into a data sample.

    ``inputs`` is a float32 tensor (M, T, V, C); when a :class:`MultiView`
    wrapper produced several views (``keypoint`` a
    :class:`~skelact.structures.Views` list), ``inputs`` is
    ``{'views': [tensor, ...]}`` (:func:`~skelact.structures.pack_views`),
    which the collate keeps and the data preprocessor recognises. With ``with_score=True`` and a ``keypoint_score`` present, the score is
    appended as the last channel (C + 1), as 2D pipelines with confidence
    expect.

    Args:
        meta_keys: record fields copied into the data sample's meta info.
        with_score: append ``keypoint_score`` as an extra channel.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('sample_name', 'total_frames',
                                             'subject', 'camera', 'setup'),
                 with_score: bool = False):
        self.meta_keys = tuple(meta_keys)
        self.with_score = with_score

    def _pack(self, kp, score):
        if self.with_score:
            if score is None:
                raise KeyError('PackSkeletonInputs(with_score=True): the '
                               'record has no "keypoint_score"')
            kp = np.concatenate([kp, score[..., None]], axis=-1)
        return torch.from_numpy(np.ascontiguousarray(kp, dtype=np.float32))

    def transform(self, results):
        if 'keypoint' not in results:
            raise KeyError('PackSkeletonInputs: results have no "keypoint"')
        kp = results['keypoint']
        score = results.get('keypoint_score')
        if isinstance(kp, Views):
            scores = score if isinstance(score, Views) \
                else [score] * len(kp)
            inputs = pack_views(self._pack(k, s) for k, s in zip(kp, scores))
        elif isinstance(kp, (list, tuple)):
            raise ValueError(
                'PackSkeletonInputs: "keypoint" is a plain '
                f'{type(kp).__name__}; several views must come from '
                'MultiView (a Views list), one view is an array (M, T, V, C)')
        else:
            inputs = self._pack(kp, score)
        sample = ActionDataSample()
        if 'label' in results:
            sample.set_gt_label(results['label'])
        sample.set_metainfo({k: results[k] for k in self.meta_keys
                             if k in results})
        return dict(inputs=inputs, data_samples=sample)
