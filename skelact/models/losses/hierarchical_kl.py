"""HiCLR's asymmetric hierarchical loss (Zhang et al., AAAI 2023)."""
from typing import Sequence, Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS

__all__ = ['HierarchicalKLLoss']


@MODELS.register_module()
class HierarchicalKLLoss(nn.Module):
    """``L_h = sum_{i=1}^{k-1} w_i D(stopgrad(p(.|z_{i-1})) || p(.|z_i))``.

    ``logits`` are the k branches' logits over [key, queue], each already
    divided by the same temperature (so every ``p`` is a softmax over the
    same entries); branch ``i - 1`` (the weaker augmentation) is the
    detached teacher of branch ``i``.

    Args:
        loss_weight: ``w_i``, one number for every link or one per link
            (the paper's lambda_h; the released code's chain of three
            branches uses 1/2 per link, the default).
        form: ``'cross_entropy'`` -- ``-sum_j sg(p_{i-1})_j log p_{i,j}``,
            the released code's form (default) -- or ``'kl'``, the paper's
            KL divergence (the same gradients; it differs by the teacher's
            entropy, a constant).
    """

    def __init__(self, loss_weight: Union[float, Sequence[float]] = 0.5,
                 form: str = 'cross_entropy'):
        super().__init__()
        if form not in ('cross_entropy', 'kl'):
            raise ValueError(f"HierarchicalKLLoss: form must be "
                             f"'cross_entropy' or 'kl', got {form!r}")
        self.loss_weight = loss_weight
        self.form = form

    def _weights(self, links: int):
        w = self.loss_weight
        if isinstance(w, (int, float)):
            return [float(w)] * links
        w = [float(x) for x in w]
        if len(w) != links:
            raise ValueError(f'HierarchicalKLLoss: loss_weight has {len(w)} '
                             f'entries for {links} links (k - 1 for k '
                             'branches)')
        return w

    def forward(self, logits: Sequence[torch.Tensor]) -> torch.Tensor:
        if len(logits) < 2:
            raise ValueError(f'HierarchicalKLLoss needs the logits of at '
                             f'least 2 branches, got {len(logits)}')
        total = 0.0
        for w, teacher, student in zip(self._weights(len(logits) - 1),
                                       logits[:-1], logits[1:]):
            log_t = F.log_softmax(teacher.detach().float(), dim=1)
            log_s = F.log_softmax(student.float(), dim=1)
            term = -(log_t.exp() * log_s).sum(1)
            if self.form == 'kl':
                term = term + (log_t.exp() * log_t).sum(1)
            total = total + w * term.mean()
        return total
