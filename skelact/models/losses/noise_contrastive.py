"""Instance and group contrastive losses between clean and noisy
representations (seed 002, section III-B; the design of TCL, Singh et al.
CVPR 2021, CVIR/TCL ``main.py``: ``simclr_loss``,
``compute_group_consistency_loss``).

With ``h(a, b) = exp(cos(a, b) / tau)`` and S_o^i, S_n^i the clean and noisy
representations of sample i, the instance loss of the seed is

    L_inst = mean_i -log h(S_o^i, S_n^i) /
             (sum_k h(S_o^i, S_n^k) + sum_{k != i} h(S_o^i, S_o^k))

-- the clean sample is the anchor, its noisy version the positive, every
other clean and noisy sample a negative. The group loss is the same
expression on G_o^c, G_n^c, the mean representations of group c among the
clean and among the noisy samples, over the groups present in both.

Where the seed and TCL's code differ (both selectable):

- temperature: the seed's h is ``exp(cos)`` (``temperature=1``); TCL
  divides by ``--Temperature`` 0.5;
- anchors: the seed's formula anchors the clean samples
  (``symmetric=False``); TCL's ``simclr_loss`` anchors both pathways
  (``symmetric=True``: 2N anchors; a noisy anchor's negatives are the other
  noisy and all clean samples);
- groups: by ground-truth class (the seed) or by arg-max pseudo-label per
  pathway (TCL) -- chosen by the algorithm
  (:class:`~skelact.models.algorithms.NoiseRobustRecognizer`), which passes
  the group ids.

TCL subtracts ``exp(1 / T)`` for the anchor itself (exact for non-zero
vectors); here the anchor is masked out. TCL clamps the group loss at 0,
which it always is (the positive is part of the denominator). Losses are
means over anchors, computed in float32.
"""
from typing import Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS

__all__ = ['clean_noisy_contrast', 'group_means', 'InstanceContrastiveLoss',
           'GroupContrastiveLoss']


def _check_pair(name, clean, noisy):
    if clean.dim() != 2 or clean.shape != noisy.shape:
        raise ValueError(f'{name}: expected clean and noisy representations '
                         f'of the same shape (N, D), got '
                         f'{tuple(clean.shape)} and {tuple(noisy.shape)}')


def clean_noisy_contrast(clean: torch.Tensor, noisy: torch.Tensor,
                         temperature: float = 1.0,
                         symmetric: bool = False) -> torch.Tensor:
    """The instance loss above for row-matched ``clean`` and ``noisy``
    (N, D) (module docstring); 0 for N = 1 (no negatives)."""
    z = F.normalize(torch.cat([clean, noisy]).float(), dim=1, eps=1e-8)
    n = clean.shape[0]
    sim = z @ z.t() / temperature                          # (2N, 2N)
    eye = torch.eye(2 * n, dtype=torch.bool, device=z.device)
    sim = sim.masked_fill(eye, float('-inf'))
    idx = torch.arange(n, device=z.device)
    rows = idx if not symmetric else torch.cat([idx, idx + n])
    pos = torch.cat([idx + n, idx])[:len(rows)]
    logits = sim[rows]
    return (torch.logsumexp(logits, dim=1) - logits[
        torch.arange(len(rows), device=z.device), pos]).mean()


def group_means(reps: torch.Tensor, groups: torch.Tensor
                ) -> Tuple[torch.Tensor, torch.Tensor]:
    """(ids (G,), means (G, D)): the mean row of ``reps`` (N, D) of every
    group id in ``groups`` (N,), ids ascending."""
    ids, inverse = torch.unique(groups.reshape(-1), return_inverse=True)
    sums = reps.new_zeros(len(ids), reps.shape[1]).index_add(0, inverse, reps)
    counts = torch.bincount(inverse, minlength=len(ids)).to(reps.dtype)
    return ids, sums / counts[:, None]


@MODELS.register_module()
class InstanceContrastiveLoss(nn.Module):
    """``loss_weight * L_inst`` (gamma_1 of the seed).

    Args:
        temperature: tau of h (seed: 1; TCL: 0.5).
        symmetric: anchor the noisy samples too (TCL) or only the clean
            ones (the seed's formula).
        loss_weight: gamma_1 (seed Table III: 1 or 5).
    """

    def __init__(self, temperature: float = 1.0, symmetric: bool = False,
                 loss_weight: float = 1.0):
        super().__init__()
        if not temperature > 0:
            raise ValueError(f'InstanceContrastiveLoss: temperature must be '
                             f'> 0, got {temperature}')
        self.temperature = float(temperature)
        self.symmetric = bool(symmetric)
        self.loss_weight = float(loss_weight)

    def forward(self, clean: torch.Tensor, noisy: torch.Tensor):
        _check_pair(type(self).__name__, clean, noisy)
        return self.loss_weight * clean_noisy_contrast(
            clean, noisy, self.temperature, self.symmetric)


@MODELS.register_module()
class GroupContrastiveLoss(InstanceContrastiveLoss):
    """``loss_weight * L_gr`` (gamma_2 of the seed): the instance loss on
    the per-group means of the clean and the noisy representations, over
    the groups present in both pathways (0 when none is).

    ``forward(clean, noisy, clean_groups, noisy_groups=None)``: group ids
    (N,) of each pathway (the class labels for both, or each pathway's
    pseudo-labels).
    """

    def forward(self, clean: torch.Tensor, noisy: torch.Tensor,
                clean_groups: torch.Tensor,
                noisy_groups: Optional[torch.Tensor] = None):
        _check_pair(type(self).__name__, clean, noisy)
        if noisy_groups is None:
            noisy_groups = clean_groups
        if len(clean_groups) != len(clean) or \
                len(noisy_groups) != len(noisy):
            raise ValueError(f'{type(self).__name__}: {len(clean)} '
                             f'representations but {len(clean_groups)} / '
                             f'{len(noisy_groups)} group ids')
        ids_o, g_o = group_means(clean.float(), clean_groups)
        ids_n, g_n = group_means(noisy.float(), noisy_groups)
        common = ids_o[torch.isin(ids_o, ids_n)]
        if not len(common):
            return noisy.new_zeros(()).float()
        g_o = g_o[torch.searchsorted(ids_o, common)]
        g_n = g_n[torch.searchsorted(ids_n, common)]
        return self.loss_weight * clean_noisy_contrast(
            g_o, g_n, self.temperature, self.symmetric)
