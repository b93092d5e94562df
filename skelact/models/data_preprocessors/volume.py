"""Batch assembly for volume inputs: keypoint heatmaps or video frames."""
from typing import Optional, Sequence

import torch

from skelact.registry import MODELS
from .base import StackDataPreprocessor

__all__ = ['VolumeDataPreprocessor']


@MODELS.register_module()
class VolumeDataPreprocessor(StackDataPreprocessor):
    """Stack per-sample volumes (C, T, H, W) -- K keypoint heatmaps
    (PoseConv3D) or C image channels -- into a batch (N, C, T, H, W), the
    input layout of volume backbones, and move it to the device.

    Several views are packed by the pipeline as for skeletons
    (``{'views': [...]}``, :mod:`skelact.structures.views`) and come out as
    a list with one batch per view; a volume is never taken for views
    because of its rank. No stream is computed.

    Args:
        mean, std: optional per-channel normalisation ``(x - mean) / std``
            (length C, e.g. the pixel statistics of RGB frames); heatmaps
            usually need none.
    """

    sample_dims = 4
    batch_layout = '(N, C, T, H, W)'
    shape_hint = ('give the pipeline fixed-size steps (a fixed clip length '
                  'and resize)')

    def __init__(self, mean: Optional[Sequence[float]] = None,
                 std: Optional[Sequence[float]] = None,
                 non_blocking: bool = False):
        super().__init__(non_blocking=non_blocking)
        if (mean is None) != (std is None):
            raise ValueError('VolumeDataPreprocessor: give both mean and std '
                             'or neither')
        self.normalize = mean is not None
        if self.normalize:
            if len(mean) != len(std):
                raise ValueError(f'VolumeDataPreprocessor: mean has '
                                 f'{len(mean)} values, std {len(std)}')
            shape = (1, -1, 1, 1, 1)
            self.register_buffer(
                'mean', torch.tensor(mean, dtype=torch.float32).view(shape),
                persistent=False)
            self.register_buffer(
                'std', torch.tensor(std, dtype=torch.float32).view(shape),
                persistent=False)

    def process_batch(self, batch: torch.Tensor) -> torch.Tensor:
        if not self.normalize:
            return batch
        if batch.shape[1] != self.mean.shape[1]:
            raise ValueError(
                f'VolumeDataPreprocessor: batch {tuple(batch.shape)} has '
                f'{batch.shape[1]} channels, mean/std {self.mean.shape[1]}')
        return (batch - self.mean) / self.std
