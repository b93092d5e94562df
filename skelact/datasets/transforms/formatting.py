"""Packing a results dict into model inputs."""
from typing import Sequence

import numpy as np
import torch

from skelact.registry import TRANSFORMS
from skelact.structures import ActionDataSample
from .base import BaseTransform

__all__ = ['PackSkeletonInputs']


@TRANSFORMS.register_module()
class PackSkeletonInputs(BaseTransform):
    """Pack ``keypoint`` into ``inputs`` and the rest into a data sample.

    ``inputs`` is a float32 tensor (M, T, V, C), or a list of them when a
    :class:`MultiView` wrapper produced several views (``keypoint`` a list).
    With ``with_score=True`` and a ``keypoint_score`` present, the score is
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
        if isinstance(kp, (list, tuple)):
            scores = score if isinstance(score, (list, tuple)) \
                else [score] * len(kp)
            inputs = [self._pack(k, s) for k, s in zip(kp, scores)]
        else:
            inputs = self._pack(kp, score)
        sample = ActionDataSample()
        if 'label' in results:
            sample.set_gt_label(results['label'])
        sample.set_metainfo({k: results[k] for k in self.meta_keys
                             if k in results})
        return dict(inputs=inputs, data_samples=sample)
