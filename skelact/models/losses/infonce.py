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
    nearest-neighbour mining, Eq. 9 -- the loss is the mean negative
    log-likelihood over the positives:
    ``-sum_j mask_j log softmax(logits)_j / sum_j mask_j``.

    Args:
        loss_weight: scale of the loss.
    """

    def __init__(self, loss_weight: float = 1.0):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, logits: torch.Tensor,
                pos_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        logits = logits.float()
        if pos_mask is None:
            target = logits.new_zeros(logits.shape[0], dtype=torch.long)
            loss = F.cross_entropy(logits, target)
        else:
            log_p = F.log_softmax(logits, dim=1)
            loss = (-(log_p * pos_mask).sum(1) / pos_mask.sum(1)).mean()
        return self.loss_weight * loss
