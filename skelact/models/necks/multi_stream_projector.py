"""Per-stream projectors of CrosSCLR's 3-view model."""
from typing import List, Sequence

import torch
import torch.nn as nn

from skelact.registry import MODELS

__all__ = ['MultiStreamProjector']

SHARING = ('authors', 'none')


@MODELS.register_module()
class MultiStreamProjector(nn.Module):
    """One projector per stream, over the streams' pooled features.

    ``sharing='authors'`` (LinguoLi/CrosSCLR ``net/crossclr_3views.py``):
    the first stream's projector is ``projector`` (an ``MLPProjector``,
    256 -> 256 -> 128); every other stream's is ``Linear(C, C) -> ReLU ->``
    *the first stream's projector itself* -- the same module object, so
    the motion and bone embeddings pass three linear layers whose last two
    are shared with the joint stream (the authors' ``encoder_q_motion.fc =
    Sequential(Linear, ReLU, encoder_q.fc)``). State-dict keys then
    mirror theirs: ``streams.motion.0.*`` (their ``fc.0``) and
    ``streams.motion.2.{0,2}.*`` (their ``fc.2.{0,2}``, equal to
    ``streams.joint.{0,2}.*``).

    ``sharing='none'``: an independent ``projector`` per stream.

    Args:
        projector: config of a stream's projector (``MLPProjector``).
        streams: the stream names, in the backbone's order.
        sharing: ``'authors'`` or ``'none'``.
    """

    def __init__(self, projector: dict,
                 streams: Sequence[str] = ('joint', 'motion', 'bone'),
                 sharing: str = 'authors'):
        super().__init__()
        if sharing not in SHARING:
            raise ValueError(f'MultiStreamProjector: sharing must be one of '
                             f'{SHARING}, got {sharing!r}')
        self.stream_names = tuple(streams)
        self.sharing = sharing
        first = MODELS.build(dict(projector))
        width = int(first.in_channels)
        mods = {self.stream_names[0]: first}
        for s in self.stream_names[1:]:
            mods[s] = MODELS.build(dict(projector)) if sharing == 'none' \
                else nn.Sequential(nn.Linear(width, width), nn.ReLU(), first)
        self.streams = nn.ModuleDict(mods)
        self.in_channels = width
        self.out_channels = int(first.out_channels)

    def forward(self, feats: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        """Embeddings (N, D), one per stream, of the pooled features
        ``feats`` (a list in stream order)."""
        if len(feats) != len(self.stream_names):
            raise ValueError(
                f'MultiStreamProjector: expected {len(self.stream_names)} '
                f'streams {self.stream_names}, got {len(feats)} inputs')
        return [self.streams[s](f) for s, f in zip(self.stream_names, feats)]
