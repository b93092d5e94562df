"""InfoNCE over [positive, queue] logits, with optional extra positives."""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS

__all__ = ['InfoNCELoss']


@MODELS.register_module()
class InfoNCELoss(nn.Module):
    """InfoNCE (SkeletonCLR / AimCLR Eq. 1) on logits whose column 0 is the
    positive pair and the rest the negatives, already divided by the
    temperature.

    With a ``pos_mask`` (N, 1 + K) marking several positives -- AimCLR's
    nearest-neighbour mining -- ``multi_positive`` chooses the form:

    - ``'mean_log_prob'`` (default; the authors' released code, which
      trained their weights): the mean negative log-likelihood over the
      positives, ``-sum_j mask_j log p_j / sum_j mask_j``;
    - ``'log_sum_prob'`` (the paper's Eq. 9): the negative log of the
      positives' summed probability, ``-log sum_j mask_j p_j``.

    ``p = softmax(logits)``; both equal InfoNCE with one positive.

    Args:
        loss_weight: scale of the loss.
        multi_positive: ``'mean_log_prob'`` or ``'log_sum_prob'``.
    """

    MULTI_POSITIVE = ('mean_log_prob', 'log_sum_prob')

    def __init__(self, loss_weight: float = 1.0,
                 multi_positive: str = 'mean_log_prob'):
        super().__init__()
        if multi_positive not in self.MULTI_POSITIVE:
            raise ValueError(
                f'InfoNCELoss: multi_positive must be one of '
                f'{self.MULTI_POSITIVE}, got {multi_positive!r}')
        self.loss_weight = loss_weight
        self.multi_positive = multi_positive

    def forward(self, logits: torch.Tensor,
                pos_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        logits = logits.float()
        if pos_mask is None:
            target = logits.new_zeros(logits.shape[0], dtype=torch.long)
            loss = F.cross_entropy(logits, target)
        else:
            log_p = F.log_softmax(logits, dim=1)
            if self.multi_positive == 'log_sum_prob':
                log_p = log_p.masked_fill(pos_mask <= 0, float('-inf'))
                loss = -torch.logsumexp(log_p, dim=1).mean()
            else:
                loss = (-(log_p * pos_mask).sum(1) / pos_mask.sum(1)).mean()
        return self.loss_weight * loss
