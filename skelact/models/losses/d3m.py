"""AimCLR's dual distributional divergence minimisation (D3M) loss."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS

__all__ = ['D3MLoss']


@MODELS.register_module()
class D3MLoss(nn.Module):
    """Cross-entropy between two distributions over [positive, queue]
    (AimCLR Eq. 7-8).

    The target is the distribution of the *normally* augmented query,
    ``softmax(logits_q)``, detached; the prediction is the distribution of
    the extremely augmented (or extreme-and-dropped) query:
    ``L = -mean_i sum_j p_q[i, j] log p_e[i, j]``.

    Args:
        loss_weight: scale of the loss (AimCLR weighs each of its two D3M
            terms by 1/2).
    """

    def __init__(self, loss_weight: float = 1.0):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, logits: torch.Tensor,
                target_logits: torch.Tensor) -> torch.Tensor:
        target = F.softmax(target_logits.detach().float(), dim=1)
        log_p = F.log_softmax(logits.float(), dim=1)
        return self.loss_weight * -(target * log_p).sum(1).mean()
