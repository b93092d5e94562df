"""Batch assembly for skeleton inputs."""
import torch

from skelact.registry import MODELS
from skelact.skeletons import get_layout
from skelact.streams import STREAMS, to_stream
# build_data_preprocessor lives in .base; re-exported for older imports
from .base import StackDataPreprocessor, build_data_preprocessor

__all__ = ['SkeletonDataPreprocessor', 'build_data_preprocessor']


@MODELS.register_module()
class SkeletonDataPreprocessor(StackDataPreprocessor):
    """Stack per-sample keypoints (M, T, V, C) into a batch
    (N, M, T, V, C), move it to the device and compute the configured
    input stream.

    Several views (a ``MultiView`` pipeline, packed as
    ``{'views': [...]}``): a list with one (N, M, T, V, C) tensor per view.
    The stream (joint, bone or motion) is computed here, after
    augmentation, as the AimCLR/CrosSCLR code does -- the one place a
    stream is chosen.

    Args:
        stream: ``'joint'``, ``'bone'`` or ``'motion'``.
        layout: skeleton layout, for the bone stream.
    """

    sample_dims = 4
    batch_layout = '(N, M, T, V, C)'
    shape_hint = ('give the pipeline a fixed-length step (ResizeFrames / '
                  'UniformSample)')

    def __init__(self, stream: str = 'joint', layout: str = 'nturgb+d',
                 non_blocking: bool = False):
        super().__init__(non_blocking=non_blocking)
        if stream not in STREAMS:
            raise ValueError(f'SkeletonDataPreprocessor: unknown stream '
                             f'{stream!r}; expected one of {STREAMS}')
        get_layout(layout)  # fail now on an unknown layout
        self.stream = stream
        self.layout = layout

    def process_batch(self, batch: torch.Tensor) -> torch.Tensor:
        return to_stream(batch, self.stream, self.layout)
