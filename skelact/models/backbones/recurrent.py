"""Recurrent encoders over sequences of per-frame vectors: the LSTM and GRU
of the graph2vec classifiers (seed 004, sections 3.3-3.4).

Unlike the skeleton backbones (which return the (N, M, C, T, V) map and
leave pooling to a neck), a recurrent encoder reads (N, T, D) and returns
its pooled representation (N, C) directly: the last layer's final hidden
state (``pool='last'``, the seed's "the LSTM's output flows through a
classification layer") or its outputs averaged over time (``pool='mean'``).
A ``LinearHead`` classifies it.

The seed gives dropout 0.2 "within the LSTM classification blocks" but no
hidden size or depth. The defaults, 3 layers of 512 with dropout 0.2
between layers (torch's ``dropout=``, which needs more than one layer), are
consistent with Table 5.4 without being stated there: LSTM and GRU differ
by 1.4 M parameters (76.2 M vs 74.8 M), which is one gate's weights of
3 x 512 layers over 128-d inputs (1.38 M); the common 70.7 M are not
explained (configs/graph2vec/README.md).
"""
import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.registry import MODELS

__all__ = ['RecurrentEncoder', 'LSTMEncoder', 'GRUEncoder']

CELLS = {'lstm': nn.LSTM, 'gru': nn.GRU}


@MODELS.register_module()
class RecurrentEncoder(BaseModule):
    """An LSTM or GRU over (N, T, D) sequences, returning (N, C).

    Args:
        cell: ``'lstm'`` or ``'gru'``.
        in_channels: D, the per-frame vector size (graph2vec: 128).
        hidden_channels: hidden size per direction.
        num_layers: stacked layers.
        dropout: dropout between layers (seed: 0.2).
        bidirectional: run both directions (C = 2 * hidden_channels).
        pool: ``'last'`` (final hidden state of the last layer) or
            ``'mean'`` (outputs averaged over time).
    """

    def __init__(self, cell: str = 'lstm', in_channels: int = 128,
                 hidden_channels: int = 512, num_layers: int = 3,
                 dropout: float = 0.2, bidirectional: bool = False,
                 pool: str = 'last', init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if cell not in CELLS:
            raise ValueError(f'{type(self).__name__}: cell is {cell!r}, '
                             f'expected one of {sorted(CELLS)}')
        if pool not in ('last', 'mean'):
            raise ValueError(f'{type(self).__name__}: pool is {pool!r}, '
                             "expected 'last' or 'mean'")
        self.cell, self.pool = cell, pool
        self.in_channels = in_channels
        self.out_channels = hidden_channels * (2 if bidirectional else 1)
        self.rnn = CELLS[cell](
            in_channels, hidden_channels, num_layers=num_layers,
            batch_first=True, bidirectional=bidirectional,
            dropout=dropout if num_layers > 1 else 0.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 3 or x.shape[-1] != self.in_channels:
            raise ValueError(
                f'{type(self).__name__}: expected a batch of sequences '
                f'(N, T, {self.in_channels}) (in_channels), got shape '
                f'{tuple(x.shape)}; in_channels must equal the embedding '
                'dimension of the dataset')
        out, h = self.rnn(x)
        if self.pool == 'mean':
            return out.mean(dim=1)
        h = h[0] if self.cell == 'lstm' else h     # (layers * dirs, N, H)
        if self.rnn.bidirectional:
            return torch.cat([h[-2], h[-1]], dim=1)
        return h[-1]


@MODELS.register_module()
class LSTMEncoder(RecurrentEncoder):
    """:class:`RecurrentEncoder` with ``cell='lstm'`` (graph2vec + LSTM)."""

    def __init__(self, **kwargs):
        super().__init__(cell='lstm', **kwargs)


@MODELS.register_module()
class GRUEncoder(RecurrentEncoder):
    """:class:`RecurrentEncoder` with ``cell='gru'`` (graph2vec + GRU)."""

    def __init__(self, **kwargs):
        super().__init__(cell='gru', **kwargs)
