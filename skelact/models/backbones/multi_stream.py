"""Several input streams, one encoder each, in one backbone (CrosSCLR's
3-view model: joint, motion and bone ST-GCNs)."""
from typing import List, Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.registry import MODELS
from skelact.skeletons import get_layout
from skelact.streams import STREAMS, to_stream

__all__ = ['MultiStreamBackbone']


@MODELS.register_module()
class MultiStreamBackbone(BaseModule):
    """One backbone per input stream, fed from the joint coordinates.

    The input is the joint stream (N, M, T, V, C) -- the data preprocessor
    must leave it as it is (``stream='joint'``); every other stream
    (motion, bone) is computed here from it (:func:`skelact.streams.
    to_stream`), after augmentation, as CrosSCLR's model does with its
    ``im_q_motion`` / ``im_q_bone``. Each stream has its own encoder
    (``encoders[stream]``, same config, separate weights).

    :meth:`forward` returns the streams' skeleton maps concatenated along
    the channel axis, (N, M, S * C', T', V), so that a pooling neck gives
    the streams' pooled features side by side, (N, S * C') -- stream ``s``
    in channels ``[s C', (s + 1) C')``; :class:`MultiStreamLinearHead`
    reads them stream by stream and averages the streams' logits (the
    authors' ``view='all'``). :meth:`forward_streams` returns the list of
    per-stream maps (the pretraining algorithms use it).

    Args:
        backbone: config of each stream's encoder (e.g. ``STGCN``).
        streams: the streams, in order (``('joint', 'motion', 'bone')``,
            the order of the authors' ``encoder_q``, ``encoder_q_motion``,
            ``encoder_q_bone``).
        layout: skeleton layout, for the bone stream.
        init_cfg: mmengine init config (a derived protocol's
            ``Pretrained`` with prefix ``backbone.`` loads all streams).
    """

    def __init__(self, backbone: dict,
                 streams: Sequence[str] = ('joint', 'motion', 'bone'),
                 layout: str = 'nturgb+d', init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        streams = tuple(streams)
        bad = [s for s in streams if s not in STREAMS]
        if not streams or bad or len(set(streams)) != len(streams):
            raise ValueError(
                f'MultiStreamBackbone: streams must be distinct names of '
                f'{STREAMS}, got {streams!r}')
        get_layout(layout)
        self.stream_names = streams
        self.layout = layout
        self.encoders = nn.ModuleDict(
            {s: MODELS.build(dict(backbone)) for s in streams})
        first = self.encoders[streams[0]]
        self.stream_channels = int(first.out_channels)
        self.out_channels = self.stream_channels * len(streams)
        self.num_joints = getattr(first, 'num_joints', None)
        self.in_channels = getattr(first, 'in_channels', None)

    @property
    def num_streams(self) -> int:
        return len(self.stream_names)

    def stream_inputs(self, x: torch.Tensor) -> List[torch.Tensor]:
        """The streams of the joint batch ``x``, in order."""
        return [to_stream(x, s, self.layout) for s in self.stream_names]

    def forward_streams(self, x: torch.Tensor) -> List[torch.Tensor]:
        """One skeleton map (N, M, C', T', V) per stream."""
        return [self.encoders[s](xs)
                for s, xs in zip(self.stream_names, self.stream_inputs(x))]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat(self.forward_streams(x), dim=2)
