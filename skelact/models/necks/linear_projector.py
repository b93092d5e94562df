"""One-layer projection head (ConMLP)."""
import torch.nn as nn

from skelact.registry import MODELS

__all__ = ['LinearProjector']


@MODELS.register_module()
class LinearProjector(nn.Linear):
    """A single ``Linear`` from the representation to the contrastive space
    (ConMLP's ``head``: 256 -> 128, PyTorch's default initialisation; seed
    004 Sec. 3.1.1 "Projection head"). The algorithm L2-normalises its
    output; it is used in pretraining only.

    Input: pooled features (N, in_channels) (a ``ValueError`` otherwise).

    Args:
        in_channels: input width (256).
        out_channels: embedding width (128).
    """

    def __init__(self, in_channels: int = 256, out_channels: int = 128):
        super().__init__(in_channels, out_channels)
        self.in_channels = in_channels
        self.out_channels = out_channels

    def forward(self, x):
        if x.dim() != 2 or x.shape[1] != self.in_channels:
            raise ValueError(
                f'LinearProjector: expected pooled features (N, '
                f'{self.in_channels}), got shape {tuple(x.shape)}')
        return super().forward(x)
