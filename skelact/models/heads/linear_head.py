"""Linear classification head."""
import torch.nn as nn

from skelact.registry import MODELS
from .base import BaseHead

__all__ = ['LinearHead']


@MODELS.register_module()
class LinearHead(BaseHead):
    """Dropout, then one fully connected layer on pooled features (N, D).

    Args:
        num_classes: number of classes.
        in_channels: D.
        dropout: dropout probability before the layer.
        loss: classification loss config (default cross-entropy).
    """

    def __init__(self, num_classes: int, in_channels: int,
                 dropout: float = 0.0, loss=None, init_cfg=None):
        super().__init__(num_classes, loss=loss, init_cfg=init_cfg)
        self.in_channels = in_channels
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(in_channels, num_classes)

    def forward(self, feats):
        if feats.dim() != 2 or feats.shape[1] != self.in_channels:
            raise ValueError(
                f'LinearHead: expected pooled features (N, '
                f'{self.in_channels}), got shape {tuple(feats.shape)}; a '
                'backbone feature map needs a pooling neck')
        return self.fc(self.dropout(feats))
