"""MLP projection head of contrastive methods."""
import torch.nn as nn

from skelact.registry import MODELS

__all__ = ['MLPProjector']


@MODELS.register_module()
class MLPProjector(nn.Sequential):
    """``Linear -> ReLU -> Linear`` (MoCo v2; SkeletonCLR / AimCLR:
    256 -> 256 -> 128). Module names ``0`` and ``2`` match the authors'
    ``fc.0`` / ``fc.2``.

    Input: pooled features (N, in_channels) (a ``ValueError`` otherwise,
    e.g. for a feature map that no pooling neck reduced).

    Args:
        in_channels: input width.
        hidden_channels: hidden width.
        out_channels: embedding width.
    """

    def __init__(self, in_channels: int = 256, hidden_channels: int = 256,
                 out_channels: int = 128):
        super().__init__(nn.Linear(in_channels, hidden_channels),
                         nn.ReLU(inplace=True),
                         nn.Linear(hidden_channels, out_channels))
        self.in_channels = in_channels
        self.out_channels = out_channels

    def forward(self, x):
        if x.dim() != 2 or x.shape[1] != self.in_channels:
            raise ValueError(
                f'MLPProjector: expected pooled features (N, '
                f'{self.in_channels}), got shape {tuple(x.shape)}')
        return super().forward(x)
