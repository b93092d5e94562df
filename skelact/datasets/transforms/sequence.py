"""Packing a sequence of per-frame vectors (graph embeddings) into model
inputs."""
from typing import Sequence

import numpy as np
import torch

from skelact.registry import TRANSFORMS
from skelact.structures.action_data_sample import ActionDataSample
from .base import BaseTransform

__all__ = ['PackSequenceInputs']


@TRANSFORMS.register_module()
class PackSequenceInputs(BaseTransform):
    """Pack ``results[key]`` (T, D) as a float32 tensor into ``inputs`` and
    the label and meta fields into a data sample (the counterpart of
    ``PackSkeletonInputs`` for :class:`GraphEmbeddingDataset`).

    Args:
        key: the record field holding the sequence.
        meta_keys: record fields copied into the data sample's meta info.
    """

    def __init__(self, key: str = 'embedding',
                 meta_keys: Sequence[str] = ('sample_name', 'total_frames',
                                             'subject', 'camera', 'setup')):
        self.key = key
        self.meta_keys = tuple(meta_keys)

    def transform(self, results):
        if self.key not in results:
            raise KeyError(f'PackSequenceInputs: results have no '
                           f'"{self.key}" (key=)')
        seq = np.asarray(results[self.key])
        if seq.ndim != 2:
            raise ValueError(f'PackSequenceInputs: "{self.key}" has shape '
                             f'{seq.shape}, expected (T, D)')
        sample = ActionDataSample()
        if 'label' in results:
            sample.set_gt_label(results['label'])
        sample.set_metainfo({k: results[k] for k in self.meta_keys
                             if k in results})
        return dict(inputs=torch.from_numpy(
            np.ascontiguousarray(seq, dtype=np.float32)),
            data_samples=sample)
