"""A linear classifier per stream, their logits averaged (CrosSCLR's
``view='all'`` evaluation)."""
import torch
import torch.nn as nn

from skelact.registry import MODELS
from .base import BaseHead

__all__ = ['MultiStreamLinearHead']


@MODELS.register_module()
class MultiStreamLinearHead(BaseHead):
    """Pooled features of S streams side by side, (N, S * D) (what a
    pooling neck makes of :class:`MultiStreamBackbone`'s map), one linear
    layer per stream, and the mean of the streams' **logits** -- the
    authors' ``view='all'``: ``(fc_j(f_j) + fc_m(f_m) + fc_b(f_b)) / 3``
    trained with one cross-entropy. ``view`` picks one stream instead (the
    authors' ``view='joint'`` / ``'motion'`` / ``'bone'``, by index).

    It takes :class:`LinearHead`'s arguments, so that a protocol derived
    from a CrosSCLR config only changes the head's ``type`` (the configs'
    ``protocol_settings``): ``in_channels`` is the total width S * D.

    Args:
        num_classes: number of classes.
        in_channels: S * D.
        num_streams: S (3).
        view: ``'all'`` (mean of the logits) or a stream index.
        dropout: dropout before each layer.
        feature_norm: ``None`` or ``'batchnorm'`` (per stream, non-affine,
            as :class:`LinearHead`).
        loss: classification loss config.
    """

    def __init__(self, num_classes: int, in_channels: int,
                 num_streams: int = 3, view='all', dropout: float = 0.0,
                 feature_norm=None, loss=None, init_cfg=None):
        super().__init__(num_classes, loss=loss, init_cfg=init_cfg)
        if num_streams < 1 or in_channels % num_streams:
            raise ValueError(
                f'MultiStreamLinearHead: in_channels {in_channels} is not '
                f'num_streams ({num_streams}) equal widths')
        if view != 'all' and view not in range(num_streams):
            raise ValueError(f"MultiStreamLinearHead: view must be 'all' or "
                             f'a stream index < {num_streams}, got {view!r}')
        if feature_norm not in (None, 'batchnorm'):
            raise ValueError(f"MultiStreamLinearHead: feature_norm must be "
                             f"None or 'batchnorm', got {feature_norm!r}")
        self.in_channels = in_channels
        self.num_streams = num_streams
        self.view = view
        width = in_channels // num_streams
        self.feature_norm = nn.ModuleList(
            nn.BatchNorm1d(width, affine=False, eps=1e-6)
            for _ in range(num_streams)) if feature_norm else None
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.ModuleList(nn.Linear(width, num_classes)
                                for _ in range(num_streams))

    def stream_logits(self, feats: torch.Tensor):
        if feats.dim() != 2 or feats.shape[1] != self.in_channels:
            raise ValueError(
                f'MultiStreamLinearHead: expected pooled features (N, '
                f'{self.in_channels}), got shape {tuple(feats.shape)}')
        out = []
        for i, f in enumerate(feats.chunk(self.num_streams, dim=1)):
            if self.feature_norm is not None:
                f = self.feature_norm[i](f)
            out.append(self.fc[i](self.dropout(f)))
        return out

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        logits = self.stream_logits(feats)
        if self.view == 'all':
            return torch.stack(logits).mean(0)
        return logits[self.view]
