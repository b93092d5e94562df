"""I3D-style classification head with multi-clip test-time averaging
(PoseConv3D's ``I3DHead``, pyskl ``pyskl/models/heads/simple_head.py``;
clip averaging of pyskl's ``BaseRecognizer.average_clip``)."""
from typing import List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS
from skelact.structures import ActionDataSample
from .base import BaseHead

__all__ = ['I3DHead', 'average_clips']


def average_clips(logits: torch.Tensor, num_samples: int,
                  mode: str = 'prob') -> torch.Tensor:
    """Class probabilities (N, K) of N samples from the logits of their
    clips (N * S, K), sample-major (sample i owns rows ``i*S .. i*S+S-1``).

    ``'prob'`` (pyskl's PoseConv3D test setting): the mean of the clips'
    softmax; ``'score'``: the softmax of the clips' mean logit."""
    if logits.dim() != 2 or num_samples < 1 or \
            logits.shape[0] % num_samples:
        raise ValueError(
            f'average_clips: {tuple(logits.shape)} logits do not split into '
            f'{num_samples} samples with the same number of clips')
    per = logits.float().reshape(num_samples, -1, logits.shape[-1])
    if mode == 'prob':
        return F.softmax(per, dim=-1).mean(dim=1)
    if mode == 'score':
        return F.softmax(per.mean(dim=1), dim=-1)
    raise ValueError(f"average_clips: mode must be 'prob' or 'score', got "
                     f'{mode!r}')


@MODELS.register_module()
class I3DHead(BaseHead):
    """Dropout and one linear layer on pooled volume features (N * S, D);
    pyskl's ``I3DHead`` with the pooling moved into a neck
    (``GlobalAveragePooling(layout='volume')``).

    A batch of N samples with S clips each (test-time clips and flips, the
    data preprocessor flattens them into the batch) has N * S feature rows:
    :meth:`predict` averages them per sample (``average_clips``), and
    :meth:`loss` repeats each label S times (pyskl trains on one clip).

    Args:
        num_classes: classes.
        in_channels: D (SlowOnly-R50 of PoseConv3D: 512).
        dropout: dropout before the layer (pyskl 0.5).
        init_std: std of the normal init of the layer (pyskl 0.01; bias 0).
        average_clips: ``'prob'`` (pyskl) or ``'score'``.
        loss: loss config (cross-entropy).
    """

    def __init__(self, num_classes: int, in_channels: int,
                 dropout: float = 0.5, init_std: float = 0.01,
                 average_clips: str = 'prob', loss=None, init_cfg=None):
        super().__init__(num_classes, loss=loss, init_cfg=init_cfg)
        if average_clips not in ('prob', 'score'):
            raise ValueError("I3DHead: average_clips must be 'prob' or "
                             f"'score', got {average_clips!r}")
        self.in_channels = in_channels
        self.average_clips = average_clips
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(in_channels, num_classes)
        nn.init.normal_(self.fc.weight, std=init_std)
        nn.init.zeros_(self.fc.bias)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        if feats.dim() != 2 or feats.shape[1] != self.in_channels:
            raise ValueError(
                f'I3DHead: expected pooled features (N, {self.in_channels}),'
                f' got shape {tuple(feats.shape)}; pool the volume map with '
                "GlobalAveragePooling(layout='volume')")
        return self.fc(self.dropout(feats))

    def loss(self, feats, data_samples: List[ActionDataSample]) -> dict:
        logits = self(feats)
        labels = torch.cat([s.gt_label for s in data_samples]).to(
            logits.device)
        if len(logits) != len(labels):
            if len(logits) % len(labels):
                raise ValueError(f'I3DHead: {len(logits)} clips for '
                                 f'{len(labels)} samples')
            labels = labels.repeat_interleave(len(logits) // len(labels))
        return dict(loss_cls=self.loss_module(logits, labels))

    def predict(self, feats, data_samples: Optional[List] = None):
        logits = self(feats)
        n = len(data_samples) if data_samples is not None else len(logits)
        scores = average_clips(logits, n, self.average_clips)
        if data_samples is None:
            data_samples = [ActionDataSample() for _ in range(n)]
        for sample, score in zip(data_samples, scores):
            sample.set_pred_score(score.detach())
            sample.set_pred_label(score.argmax().item())
        return data_samples
