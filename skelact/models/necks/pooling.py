"""Global average pooling of a backbone feature map."""
import torch.nn as nn

from skelact.registry import MODELS

__all__ = ['GlobalAveragePooling']


@MODELS.register_module()
class GlobalAveragePooling(nn.Module):
    """Average a feature map (N, M, ...) into (N, D).

    Averages every axis but the batch, the person and the channel axis, then
    the persons, as in the ST-GCN reference (``avg_pool2d`` over (T, V),
    then the mean over M).

    Args:
        channel_dim: position of the channel axis in the feature map: 2 for
            ST-GCN's (N, M, C, T, V), -1 for transformers' (N, M, T, V, C).
    """

    def __init__(self, channel_dim: int = 2):
        super().__init__()
        self.channel_dim = channel_dim

    def forward(self, x):
        x = x.movedim(self.channel_dim, 2)
        n, m, c = x.shape[:3]
        return x.reshape(n, m, c, -1).mean(-1).mean(1)
