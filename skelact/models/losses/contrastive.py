"""In-batch contrastive losses: NT-Xent, SupCon and the Tuned Contrastive
Loss (seed 004, Eqs. 3.2-3.4).

All three read one batch of L2-normalised embeddings ``z`` (B, D) -- the
views of a batch stacked, B = 2N for two views -- and integer ``labels``
(B,): anchors with equal labels are positives of each other, the anchor
itself excluded. Self-supervised use passes instance ids (sample ``k`` of
every view gets label ``k``); supervised use passes the class labels,
repeated per view. With ``s_ij = z_i . z_j`` and ``tau`` the temperature:

- :class:`NTXentLoss` (Eq. 3.2): exactly one positive per anchor,
  ``-log e^{s_ij(i)/tau} / sum_{a != i} e^{s_ia/tau}``;
- :class:`SupConLoss` (Eq. 3.3): ``-1/|P(i)| sum_{p in P(i)} log
  e^{s_ip/tau} / sum_{a != i} e^{s_ia/tau}``;
- :class:`TunedContrastiveLoss` (Eq. 3.4): the denominator becomes
  ``sum_{P(i)} e^{s/tau} + k1 sum_{P(i)} e^{-s} + k2 sum_{N(i)} e^{s/tau}``
  -- the k1 term has **no temperature**, as in the reference code
  (chaitanyaanimesh/Tuned-Contrastive-Learning ``loss/tcl.py``).

Each loss is the mean over anchors (the reference codes' reduction; the
seed's Eq. 3.2 writes a sum). SupContrast's extra factor
``tau / base_temperature`` is 1 in ConMLP (both 0.07) and is not applied.
The losses compute in float32 whatever the autocast dtype, through
``logsumexp`` (no overflow at tau = 0.07).
"""
from typing import Optional

import torch
import torch.nn as nn

from skelact.registry import MODELS

__all__ = ['NTXentLoss', 'SupConLoss', 'TunedContrastiveLoss',
           'instance_labels', 'positive_masks']


def instance_labels(batch: int, num_views: int = 2,
                    device=None) -> torch.Tensor:
    """Labels of ``num_views`` stacked views of ``batch`` samples when each
    sample is its own class: ``[0..batch-1] * num_views``."""
    return torch.arange(batch, device=device).repeat(num_views)


def positive_masks(labels: torch.Tensor):
    """``(pos, neg)`` bool (B, B): same label and not the anchor itself;
    a different label."""
    labels = labels.reshape(-1)
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool, device=labels.device)
    return same & ~eye, ~same


def _check(name: str, z: torch.Tensor, labels: Optional[torch.Tensor]):
    if z.dim() != 2:
        raise ValueError(f'{name}: expected embeddings (B, D), got shape '
                         f'{tuple(z.shape)}')
    if labels is None:
        if z.shape[0] % 2:
            raise ValueError(f'{name}: without labels the batch must be two '
                             f'stacked views (B = 2N), got B={z.shape[0]}')
        return instance_labels(z.shape[0] // 2, 2, z.device)
    labels = torch.as_tensor(labels, device=z.device).reshape(-1)
    if labels.shape[0] != z.shape[0]:
        raise ValueError(f'{name}: {labels.shape[0]} labels for '
                         f'{z.shape[0]} embeddings')
    return labels


def _masked_logsumexp(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return torch.logsumexp(x.masked_fill(~mask, float('-inf')), dim=1)


def _mean_positive_log_prob(log_prob: torch.Tensor,
                            pos: torch.Tensor) -> torch.Tensor:
    """Per anchor: the mean of ``log_prob`` over its positives (0 for an
    anchor without positives, which still counts in the mean over anchors,
    as in SupContrast)."""
    n_pos = pos.sum(1)
    total = log_prob.masked_fill(~pos, 0.0).sum(1)
    return total / n_pos.clamp(min=1)


@MODELS.register_module()
class SupConLoss(nn.Module):
    """Supervised contrastive loss (Khosla et al. 2020; seed Eq. 3.3).

    Args:
        temperature: tau (ConMLP: 0.07).
        loss_weight: factor of the loss.

    ``forward(z, labels)``: ``z`` (B, D) L2-normalised, ``labels`` (B,).
    A batch in which no anchor has a positive raises a ``ValueError``
    (SupContrast's code would return NaN).
    """

    name = 'SupConLoss'

    def __init__(self, temperature: float = 0.07, loss_weight: float = 1.0):
        super().__init__()
        if not temperature > 0:
            raise ValueError(f'{self.name}: temperature must be > 0, got '
                             f'{temperature}')
        self.temperature = float(temperature)
        self.loss_weight = float(loss_weight)

    def _positives(self, labels):
        pos, neg = positive_masks(labels)
        if not pos.any():
            raise ValueError(
                f'{self.name}: the batch has no positive pair (every label '
                'occurs once); stack at least two views (MultiView) or use '
                'batches in which classes repeat')
        return pos, neg

    def forward(self, z: torch.Tensor,
                labels: Optional[torch.Tensor] = None) -> torch.Tensor:
        labels = _check(self.name, z, labels)
        z = z.float()
        pos, neg = self._positives(labels)
        logits = z @ z.t() / self.temperature
        log_denominator = _masked_logsumexp(logits, pos | neg)  # a != i
        log_prob = logits - log_denominator[:, None]
        loss = -_mean_positive_log_prob(log_prob, pos).mean()
        return self.loss_weight * loss

    def extra_repr(self):
        return f'temperature={self.temperature}'


@MODELS.register_module()
class NTXentLoss(SupConLoss):
    """NT-Xent (SimCLR; seed Eq. 3.2): SupCon with exactly one positive per
    anchor, the other view of the same sample. ``labels`` default to
    instance ids of two stacked views ``[z_view1; z_view2]``; given labels
    in which an anchor has no or several positives raise a ``ValueError``.

    Args:
        temperature: tau (ConMLP: 0.07).
        loss_weight: factor of the loss.
    """

    name = 'NTXentLoss'

    def _positives(self, labels):
        pos, neg = positive_masks(labels)
        counts = pos.sum(1)
        if not bool((counts == 1).all()):
            bad = sorted(set(counts.tolist()) - {1})
            raise ValueError(
                f'{self.name}: every anchor needs exactly one positive (its '
                f'other view), got anchors with {bad} positives; give two '
                'views of distinct samples, or use SupConLoss for labels')
        return pos, neg


@MODELS.register_module()
class TunedContrastiveLoss(SupConLoss):
    """Tuned Contrastive Loss (Animesh 2023; seed Eq. 3.4).

    ``L_i = -1/|P(i)| sum_{p in P(i)} log e^{s_ip/tau} / D_i`` with
    ``D_i = sum_{p' in P(i)} e^{s_ip'/tau} + k1 sum_{p' in P(i)} e^{-s_ip'}
    + k2 sum_{n in N(i)} e^{s_in/tau}``. The k1 term carries no
    temperature, as in the reference code. ``k1 = 0, k2 = 1`` is SupCon
    (the reference's ``loss/supcon.py``).

    The reference code divides a (B, B) matrix by a length-B vector, which
    broadcasts over columns (``D_j`` instead of ``D_i``); this is the
    intended per-anchor form (the totals agree when every class has the
    same number of positives in the batch).

    Args:
        temperature: tau (reference code: 0.1).
        k1: weight of the positives' ``e^{-s}`` term, >= 1 (seed Eq. 3.4),
            or 0 to drop it (reference: 5000).
        k2: weight of the negatives, >= 1 (reference: 1).
        loss_weight: factor of the loss.

    Self-supervised use: instance ids as labels (the default without
    labels), so P(i) is the other view.
    """

    name = 'TunedContrastiveLoss'

    def __init__(self, temperature: float = 0.1, k1: float = 5000.0,
                 k2: float = 1.0, loss_weight: float = 1.0):
        super().__init__(temperature, loss_weight)
        if k1 != 0 and not k1 >= 1:
            raise ValueError(
                f'{self.name}: k1 must be >= 1 (seed Eq. 3.4: k1, k2 >= 1), '
                f'or 0 to drop the term (SupCon); got k1={k1} (config key '
                'model.loss.k1)')
        if not k2 >= 1:
            raise ValueError(
                f'{self.name}: k2 must be >= 1 (seed Eq. 3.4: k1, k2 >= 1); '
                f'got k2={k2} (config key model.loss.k2)')
        self.k1 = float(k1)
        self.k2 = float(k2)

    def forward(self, z: torch.Tensor,
                labels: Optional[torch.Tensor] = None) -> torch.Tensor:
        labels = _check(self.name, z, labels)
        z = z.float()
        pos, neg = self._positives(labels)
        sim = z @ z.t()
        logits = sim / self.temperature
        terms = [logits.masked_fill(~pos, float('-inf'))]
        if self.k1 > 0:  # no temperature in this term
            terms.append((-sim + torch.log(torch.tensor(self.k1)))
                         .masked_fill(~pos, float('-inf')))
        terms.append((logits + torch.log(torch.tensor(self.k2)))
                     .masked_fill(~neg, float('-inf')))
        log_denominator = torch.logsumexp(torch.cat(terms, dim=1), dim=1)
        log_prob = logits - log_denominator[:, None]
        loss = -_mean_positive_log_prob(log_prob, pos).mean()
        return self.loss_weight * loss

    def extra_repr(self):
        return f'temperature={self.temperature}, k1={self.k1}, k2={self.k2}'
