"""CrosSCLR's cross-view consistent knowledge mining loss (Li et al.,
CVPR 2021, Sec. 3.3; LinguoLi/CrosSCLR ``net/crossclr_3views.py::
cross_training`` and ``processor/pretrain_crossclr_3views.py``)."""
from typing import List, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS

__all__ = ['CrossViewLoss', 'topk_onehot']


def topk_onehot(sim: torch.Tensor, topk: int = 1) -> torch.Tensor:
    """(N, K) float mask of each row's ``topk`` largest entries."""
    mask = torch.zeros_like(sim, dtype=torch.float32)
    return mask.scatter_(1, sim.topk(topk, dim=1).indices, 1.0)


@MODELS.register_module()
class CrossViewLoss(nn.Module):
    """Multi-positive InfoNCE of every view against every other view.

    For view ``x`` and another view ``y`` (queues aligned: entry ``i`` of
    every view's queue is the same sample):

    - logits ``[l_pos_x, l_neg_x, l_neg_x * l_neg_y] / tau`` -- the
      positive, the queue similarities and, with ``context``, the
      elementwise product of the two views' queue similarities (the
      "context" logits, (N, K) each);
    - positives ``[1, onehot_y, onehot_y]`` -- the true key and the
      ``topk`` nearest queue entries *of view y* (its knowledge), in the
      queue part and in the context part;
    - ``L_xy = mean_n( -sum_j mask_j log softmax(logits)_j / sum_j mask_j )``.

    The loss of view ``x`` is the mean of ``L_xy`` over the other views;
    :meth:`forward` returns the per-view losses (the authors sum them).

    Args:
        topk: nearest neighbours taken as positives (1).
        context: append the context logits (``True``, the authors').
        loss_weight: scale of each view's loss.
    """

    def __init__(self, topk: int = 1, context: bool = True,
                 loss_weight: float = 1.0):
        super().__init__()
        if topk < 1:
            raise ValueError(f'CrossViewLoss: topk must be >= 1, got {topk}')
        self.topk = topk
        self.context = context
        self.loss_weight = loss_weight

    def pair(self, l_pos_x, l_neg_x, l_neg_y, temperature: float):
        """``L_xy`` (a scalar)."""
        with torch.no_grad():
            onehot = topk_onehot(l_neg_y, self.topk)
        parts = [l_pos_x, l_neg_x]
        masks = [onehot.new_ones(onehot.shape[0], 1), onehot]
        if self.context:
            parts.append(l_neg_x * l_neg_y)
            masks.append(onehot)
        logits = torch.cat(parts, dim=1).float() / temperature
        mask = torch.cat(masks, dim=1)
        log_p = F.log_softmax(logits, dim=1)
        return (-(log_p * mask).sum(1) / mask.sum(1)).mean()

    def forward(self, l_pos: Sequence[torch.Tensor],
                l_neg: Sequence[torch.Tensor],
                temperature: float) -> List[torch.Tensor]:
        """Per-view losses from each view's positive similarities (N, 1)
        and queue similarities (N, K) (un-tempered)."""
        if len(l_pos) != len(l_neg) or len(l_pos) < 2:
            raise ValueError(
                f'CrossViewLoss: needs at least 2 views with one l_pos and '
                f'one l_neg each, got {len(l_pos)} and {len(l_neg)}')
        out = []
        for x in range(len(l_pos)):
            pairs = [self.pair(l_pos[x], l_neg[x], l_neg[y], temperature)
                     for y in range(len(l_pos)) if y != x]
            out.append(self.loss_weight * torch.stack(pairs).mean())
        return out
