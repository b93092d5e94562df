"""Cross-entropy classification loss."""
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS

__all__ = ['CrossEntropyLoss']


@MODELS.register_module()
class CrossEntropyLoss(nn.Module):
    """Cross-entropy over logits, ``loss_weight * CE(logits, labels)``.

    Args:
        loss_weight: scale of the loss.
        label_smoothing: as in :func:`torch.nn.functional.cross_entropy`.
    """

    def __init__(self, loss_weight: float = 1.0,
                 label_smoothing: float = 0.0):
        super().__init__()
        self.loss_weight = loss_weight
        self.label_smoothing = label_smoothing

    def forward(self, logits, labels):
        return self.loss_weight * F.cross_entropy(
            logits.float(), labels, label_smoothing=self.label_smoothing)
