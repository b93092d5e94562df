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
        feature_norm: ``None`` (default: the layer sees the raw features,
            the SkeletonCLR / AimCLR protocol) or ``'batchnorm'``: the
            features are first standardised per channel by a non-affine
            ``BatchNorm1d(in_channels, affine=False, eps=1e-6)`` (MAE's
            linear probe, also used by MAMP), so one learning rate suits
            any encoder's feature scale. The normalisation has no
            parameters, only running statistics (``feature_norm.*``
            buffers in the checkpoint), kept as a cumulative average
            (``momentum=None``): a frozen encoder's features do not drift,
            so evaluation uses the mean and variance of every training
            batch seen, right from the first epoch (MAE's default momentum
            0.1 reaches the same only after many iterations; with a few
            it leaves the evaluation statistics biased towards 0 / 1).
    """

    FEATURE_NORMS = (None, 'batchnorm')

    def __init__(self, num_classes: int, in_channels: int,
                 dropout: float = 0.0, loss=None, init_cfg=None,
                 feature_norm=None):
        super().__init__(num_classes, loss=loss, init_cfg=init_cfg)
        if feature_norm not in self.FEATURE_NORMS:
            raise ValueError(f'LinearHead: feature_norm must be one of '
                             f'{self.FEATURE_NORMS}, got {feature_norm!r}')
        self.in_channels = in_channels
        self.feature_norm = (nn.BatchNorm1d(in_channels, affine=False,
                                            eps=1e-6, momentum=None)
                             if feature_norm == 'batchnorm' else None)
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(in_channels, num_classes)

    def forward(self, feats):
        if feats.dim() != 2 or feats.shape[1] != self.in_channels:
            raise ValueError(
                f'LinearHead: expected pooled features (N, '
                f'{self.in_channels}), got shape {tuple(feats.shape)}; a '
                'backbone feature map needs a pooling neck')
        if self.feature_norm is not None:
            feats = self.feature_norm(feats)
        return self.fc(self.dropout(feats))
