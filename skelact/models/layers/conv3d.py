"""3D-convolution blocks of the ResNet3d family (PoseConv3D's SlowOnly).

Parameter names follow pyskl / mmcv (``ConvModule``: ``.conv``, ``.bn``;
``Bottleneck3d``: ``conv1``..``conv3``, ``downsample``), so that pyskl's
checkpoints map one to one (:mod:`skelact.utils.converters.pyskl`).
Facts from kennymckormick/pyskl ``pyskl/models/cnns/resnet3d.py``.
"""
from typing import Optional, Tuple, Union

import torch.nn as nn

__all__ = ['ConvBNAct3d', 'Bottleneck3d', 'BasicBlock3d', 'make_res_layer']

_Size = Union[int, Tuple[int, int, int]]


class ConvBNAct3d(nn.Module):
    """Conv3d (no bias) -> BatchNorm3d -> optional ReLU (mmcv's
    ``ConvModule`` with ``BN3d`` and ``ReLU``)."""

    def __init__(self, in_channels: int, out_channels: int,
                 kernel_size: _Size, stride: _Size = 1, padding: _Size = 0,
                 act: bool = True):
        super().__init__()
        self.conv = nn.Conv3d(in_channels, out_channels, kernel_size,
                              stride=stride, padding=padding, bias=False)
        self.bn = nn.BatchNorm3d(out_channels)
        self.act = nn.ReLU(inplace=True) if act else None

    def forward(self, x):
        x = self.bn(self.conv(x))
        return self.act(x) if self.act is not None else x


class Bottleneck3d(nn.Module):
    """1x1x1 -> 1x3x3 (strided) -> 1x1x1 (x4 channels) with a residual.

    ``inflate`` with ``inflate_style='3x1x1'`` (pyskl's default) makes the
    first convolution temporal (3x1x1); ``'3x3x3'`` makes the second 3x3x3.
    """

    expansion = 4

    def __init__(self, inplanes: int, planes: int,
                 stride: Tuple[int, int] = (1, 1),
                 downsample: Optional[nn.Module] = None,
                 inflate: bool = True, inflate_style: str = '3x1x1'):
        super().__init__()
        if inflate_style not in ('3x1x1', '3x3x3'):
            raise ValueError("Bottleneck3d: inflate_style must be '3x1x1' "
                             f"or '3x3x3', got {inflate_style!r}")
        mode = inflate_style if inflate else 'none'
        k1, p1 = {'none': (1, 0), '3x1x1': ((3, 1, 1), (1, 0, 0)),
                  '3x3x3': (1, 0)}[mode]
        k2, p2 = {'none': ((1, 3, 3), (0, 1, 1)),
                  '3x1x1': ((1, 3, 3), (0, 1, 1)), '3x3x3': (3, 1)}[mode]
        self.conv1 = ConvBNAct3d(inplanes, planes, k1, padding=p1)
        self.conv2 = ConvBNAct3d(planes, planes, k2,
                                 stride=(stride[0], stride[1], stride[1]),
                                 padding=p2)
        self.conv3 = ConvBNAct3d(planes, planes * self.expansion, 1,
                                 act=False)
        self.downsample = downsample
        self.relu = nn.ReLU(inplace=True)

    def last_bn(self):
        return self.conv3.bn

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv3(self.conv2(self.conv1(x))) + identity)


class BasicBlock3d(nn.Module):
    """Two 3x3 convolutions (3x3x3 when inflated, else 1x3x3)."""

    expansion = 1

    def __init__(self, inplanes: int, planes: int,
                 stride: Tuple[int, int] = (1, 1),
                 downsample: Optional[nn.Module] = None,
                 inflate: bool = True, inflate_style: str = '3x3x3'):
        super().__init__()
        k, p = (3, 1) if inflate else ((1, 3, 3), (0, 1, 1))
        self.conv1 = ConvBNAct3d(inplanes, planes, k,
                                 stride=(stride[0], stride[1], stride[1]),
                                 padding=p)
        self.conv2 = ConvBNAct3d(planes, planes, k, padding=p, act=False)
        self.downsample = downsample
        self.relu = nn.ReLU(inplace=True)

    def last_bn(self):
        return self.conv2.bn

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv2(self.conv1(x)) + identity)


def make_res_layer(block, inplanes: int, planes: int, blocks: int,
                   stride: Tuple[int, int] = (1, 1), inflate=1,
                   inflate_style: str = '3x1x1') -> nn.Sequential:
    """One stage: ``blocks`` blocks, the first strided (temporal, spatial)
    with a 1x1x1 strided projection when the shape changes."""
    inflate = (inflate,) * blocks if isinstance(inflate, int) else inflate
    if len(inflate) != blocks:
        raise ValueError(f'make_res_layer: inflate has {len(inflate)} '
                         f'entries for {blocks} blocks')
    downsample = None
    if stride[1] != 1 or inplanes != planes * block.expansion:
        downsample = ConvBNAct3d(inplanes, planes * block.expansion, 1,
                                 stride=(stride[0], stride[1], stride[1]),
                                 act=False)
    layers = [block(inplanes, planes, stride=stride, downsample=downsample,
                    inflate=inflate[0] == 1, inflate_style=inflate_style)]
    for i in range(1, blocks):
        layers.append(block(planes * block.expansion, planes,
                            inflate=inflate[i] == 1,
                            inflate_style=inflate_style))
    return nn.Sequential(*layers)
