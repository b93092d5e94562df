"""ResNet3d and its SlowOnly variant, PoseConv3D's backbone.

Duan et al., "Revisiting Skeleton-based Action Recognition" (CVPR 2022);
facts from kennymckormick/pyskl ``pyskl/models/cnns/resnet3d.py`` and
``resnet3d_slowonly.py`` (SlowOnly = ResNet3d with a 1x7x7 stem and the
first stages not inflated). pyskl's NTU configuration
(``configs/posec3d/slowonly_r50_ntu60_xsub/joint.py``)::

    ResNet3dSlowOnly(in_channels=17, base_channels=32, num_stages=3,
                     out_indices=(2,), stage_blocks=(4, 6, 3),
                     conv1_stride=(1, 1), pool1_stride=(1, 1),
                     inflate=(0, 1, 1), spatial_strides=(2, 2, 2),
                     temporal_strides=(1, 1, 2))

maps a 17 x 48 x 56 x 56 heatmap volume to 512 x 24 x 7 x 7 (2.0 M
parameters). Parameter names are pyskl's, so its checkpoints convert one
to one (``tools/convert/convert_ckpt.py``, source ``pyskl``). Returns the
volume feature map (N, C, T, H, W); pool it with
``GlobalAveragePooling(layout='volume')``.
"""
from typing import Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.models.layers.conv3d import (BasicBlock3d, Bottleneck3d,
                                          ConvBNAct3d, make_res_layer)
from skelact.registry import MODELS

__all__ = ['ResNet3d', 'ResNet3dSlowOnly']

ARCH = {18: (BasicBlock3d, (2, 2, 2, 2)), 34: (BasicBlock3d, (3, 4, 6, 3)),
        50: (Bottleneck3d, (3, 4, 6, 3)), 101: (Bottleneck3d, (3, 4, 23, 3)),
        152: (Bottleneck3d, (3, 8, 36, 3))}


@MODELS.register_module()
class ResNet3d(BaseModule):
    """ResNet 3D (pyskl's ``ResNet3d``; defaults are pyskl's).

    Args:
        depth: 18, 34, 50, 101 or 152 (block type and default stage depths).
        stage_blocks: blocks per stage (default: the depth's, cut to
            ``num_stages``).
        in_channels: input channels (17 keypoint heatmaps, 1 grayscale, 3
            for a skeleton volume x, y, score).
        num_stages: 1-4; stage ``i`` has ``base_channels * 2**i`` planes.
        base_channels: stem width.
        out_indices: the stages whose maps are returned (one: a tensor;
            several: a tuple).
        spatial_strides, temporal_strides: per stage.
        conv1_kernel: stem kernel (T, H, W); ``conv1_stride`` and
            ``pool1_stride``: (temporal, spatial) strides of the stem
            convolution and of its 1x3x3 max pooling.
        inflate: per stage (or per block), 1 = temporal kernels.
        inflate_style: ``'3x1x1'`` or ``'3x3x3'`` (bottleneck).
        zero_init_residual: the last BN of every block starts at 0.
        frozen_stages: stages (0 = stem) kept frozen; -1: none.
        norm_eval: keep BN layers in eval mode while training.
    """

    def __init__(self, depth: int = 50, stage_blocks: Sequence[int] = None,
                 in_channels: int = 3, num_stages: int = 4,
                 base_channels: int = 64, out_indices: Sequence[int] = (3,),
                 spatial_strides: Sequence[int] = (1, 2, 2, 2),
                 temporal_strides: Sequence[int] = (1, 1, 1, 1),
                 conv1_kernel: Tuple[int, int, int] = (3, 7, 7),
                 conv1_stride: Tuple[int, int] = (1, 2),
                 pool1_stride: Tuple[int, int] = (1, 2),
                 inflate=(1, 1, 1, 1), inflate_style: str = '3x1x1',
                 zero_init_residual: bool = True, frozen_stages: int = -1,
                 norm_eval: bool = False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        where = type(self).__name__
        if depth not in ARCH:
            raise ValueError(f'{where}: depth must be one of {sorted(ARCH)}, '
                             f'got {depth}')
        if not 1 <= num_stages <= 4:
            raise ValueError(f'{where}: num_stages must be 1-4, got '
                             f'{num_stages}')
        block, default_blocks = ARCH[depth]
        stage_blocks = tuple(stage_blocks or default_blocks[:num_stages])
        for key, val in (('stage_blocks', stage_blocks),
                         ('spatial_strides', spatial_strides),
                         ('temporal_strides', temporal_strides)):
            if len(val) != num_stages:
                raise ValueError(f'{where}: {key} has {len(val)} entries, '
                                 f'expected num_stages={num_stages}')
        if not out_indices or max(out_indices) >= num_stages:
            raise ValueError(f'{where}: out_indices {tuple(out_indices)} '
                             f'must lie in 0..{num_stages - 1}')
        if isinstance(inflate, int):
            inflate = (inflate,) * num_stages
        self.in_channels = in_channels
        self.out_indices = tuple(out_indices)
        self.zero_init_residual = zero_init_residual
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        self.conv1 = ConvBNAct3d(
            in_channels, base_channels, conv1_kernel,
            stride=(conv1_stride[0], conv1_stride[1], conv1_stride[1]),
            padding=tuple((k - 1) // 2 for k in conv1_kernel))
        self.maxpool = nn.MaxPool3d(
            (1, 3, 3), stride=(pool1_stride[0], pool1_stride[1],
                               pool1_stride[1]), padding=(0, 1, 1))
        inplanes = base_channels
        self.res_layers = []
        widths = []
        for i, blocks in enumerate(stage_blocks):
            planes = base_channels * 2 ** i
            layer = make_res_layer(
                block, inplanes, planes, blocks,
                stride=(temporal_strides[i], spatial_strides[i]),
                inflate=inflate[i], inflate_style=inflate_style)
            inplanes = planes * block.expansion
            widths.append(inplanes)
            self.add_module(f'layer{i + 1}', layer)
            self.res_layers.append(f'layer{i + 1}')
        #: channels of the returned map (the sum when several are returned)
        self.out_channels = sum(widths[i] for i in self.out_indices)
        self._init()

    def _init(self):
        """pyskl: Kaiming-normal convolutions (fan_out), BN weight 1 and
        bias 0, and the last BN of every residual block at 0."""
        for m in self.modules():
            if isinstance(m, nn.Conv3d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                        nonlinearity='relu')
            elif isinstance(m, nn.BatchNorm3d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        if self.zero_init_residual:
            for m in self.modules():
                if isinstance(m, (Bottleneck3d, BasicBlock3d)):
                    nn.init.zeros_(m.last_bn().weight)

    def forward(self, x: torch.Tensor):
        if x.dim() != 5 or x.shape[1] != self.in_channels:
            raise ValueError(
                f'{type(self).__name__}: expected a volume batch (N, '
                f'{self.in_channels}, T, H, W), got shape '
                f'{tuple(x.shape)}; clips and flips of a sample are '
                'flattened into N by the data preprocessor')
        x = self.maxpool(self.conv1(x))
        outs = []
        for i, name in enumerate(self.res_layers):
            x = getattr(self, name)(x)
            if i in self.out_indices:
                outs.append(x)
        return outs[0] if len(outs) == 1 else tuple(outs)

    def train(self, mode: bool = True):
        super().train(mode)
        if self.frozen_stages >= 0:
            parts = [self.conv1] + [getattr(self, f'layer{i}') for i in
                                    range(1, self.frozen_stages + 1)]
            for part in parts:
                part.eval()
                part.requires_grad_(False)
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        return self


@MODELS.register_module()
class ResNet3dSlowOnly(ResNet3d):
    """SlowOnly (pyskl's ``ResNet3dSlowOnly``): ResNet3d with a 1x7x7 stem
    and ``inflate=(0, 0, 1, 1)`` by default; PoseConv3D sets the rest (see
    the module docstring)."""

    def __init__(self, conv1_kernel=(1, 7, 7), inflate=(0, 0, 1, 1),
                 **kwargs):
        super().__init__(conv1_kernel=conv1_kernel, inflate=inflate,
                         **kwargs)
