"""Dropout with a faster mask on CPU, and stochastic depth (DropPath)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ['Dropout', 'DropPath']


class Dropout(nn.Module):
    """Inverted dropout, as :class:`torch.nn.Dropout`: in training, zero
    each element with probability ``p`` and scale the rest by
    ``1 / (1 - p)``; identity in eval mode.

    On CPU the mask is drawn as ``rand >= p``, about twice as fast as the
    ``bernoulli_`` kernel ``nn.Dropout`` uses there
    (benchmarks/bench_stgcn.py); elsewhere it calls ``F.dropout``. It has
    no state, so it replaces ``nn.Dropout`` without changing checkpoints.
    """

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f'dropout probability must be in [0, 1], got '
                             f'{p}')
        self.p = p
        self.inplace = inplace

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        if x.device.type != 'cpu' or self.p == 1:
            return F.dropout(x, self.p, True, self.inplace)
        mask = torch.rand_like(x) >= self.p
        scale = 1.0 / (1.0 - self.p)
        if self.inplace:
            return x.mul_(mask).mul_(scale)
        return x * mask * scale

    def extra_repr(self) -> str:
        return f'p={self.p}, inplace={self.inplace}'


class DropPath(nn.Module):
    """Stochastic depth: zero a whole residual branch per sample with
    probability ``drop_prob`` during training, scaling survivors by
    ``1 / (1 - drop_prob)``."""

    def __init__(self, drop_prob: float = 0.0):
        super().__init__()
        self.drop_prob = float(drop_prob)

    def forward(self, x):
        if self.drop_prob == 0.0 or not self.training:
            return x
        keep = 1.0 - self.drop_prob
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        mask = x.new_empty(shape).bernoulli_(keep)
        return x * mask / keep

    def extra_repr(self):
        return f'drop_prob={self.drop_prob}'
