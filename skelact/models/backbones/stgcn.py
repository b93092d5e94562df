"""ST-GCN backbone (Yan et al., AAAI 2018) as used by SkeletonCLR, CrosSCLR
and AimCLR.

Faithful to the AimCLR/CrosSCLR ``net/st_gcn.py``: a BatchNorm over the
V*C input channels (channel index ``v * C + c``), ten ST-GCN blocks with
temporal kernel 9, stride 2 at blocks 5 and 8, a residual convolution only
where the shape changes (none in block 1), a learnable edge-importance mask
per block and dropout inside each block (not the first). Unlike the
reference, the backbone returns the feature map (N, M, C', T', V); pooling
is a neck.
"""
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.models.layers.dropout import Dropout
from skelact.models.layers.graph import Graph
from skelact.models.layers.stgcn_impl import resolve_stgcn_impls
from skelact.models.layers.stgcn_ops import (GCN_IMPLS, TCN_IMPLS,
                                             graph_conv, temporal_conv)
from skelact.registry import MODELS

__all__ = ['STGCN', 'GraphConv', 'STGCNBlock']


class GraphConv(nn.Module):
    """Spatial graph convolution (ST-GCN Eq. 10):
    ``f_out = sum_k (W_k f_in) A_k`` with one 1x1 convolution producing all
    K subsets' channels at once. ``impl``: how the aggregation runs
    (:data:`~skelact.models.layers.stgcn_ops.GCN_IMPLS`; the same function
    and parameters in all)."""

    def __init__(self, in_channels: int, out_channels: int, num_subsets: int,
                 impl: str = 'einsum'):
        super().__init__()
        if impl not in GCN_IMPLS:
            raise ValueError(f'GraphConv: impl must be one of {GCN_IMPLS}, '
                             f'got {impl!r}')
        self.num_subsets = num_subsets
        self.impl = impl
        self.conv = nn.Conv2d(in_channels, out_channels * num_subsets, 1)

    def forward(self, x, A):
        return graph_conv(x, self.conv, A, self.impl)


class STGCNBlock(nn.Module):
    """Graph convolution, then BN-ReLU-temporal conv-BN-dropout, plus a
    residual, then ReLU."""

    def __init__(self, in_channels, out_channels, num_subsets,
                 temporal_kernel=9, stride=1, dropout=0.0, residual=True,
                 gcn_impl='einsum', tcn_impl='conv'):
        super().__init__()
        if tcn_impl not in TCN_IMPLS:
            raise ValueError(f'STGCNBlock: tcn_impl must be one of '
                             f'{TCN_IMPLS}, got {tcn_impl!r}')
        pad = (temporal_kernel - 1) // 2
        self.tcn_impl = tcn_impl
        self.gcn = GraphConv(in_channels, out_channels, num_subsets,
                             gcn_impl)
        self.tcn = nn.Sequential(
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, (temporal_kernel, 1),
                      (stride, 1), (pad, 0)),
            nn.BatchNorm2d(out_channels),
            Dropout(dropout, inplace=True),
        )
        if not residual:
            self.residual = None
            self.residual_kind = 'none'
        elif in_channels == out_channels and stride == 1:
            self.residual = nn.Identity()
            self.residual_kind = 'identity'
        else:
            self.residual = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, (stride, 1)),
                nn.BatchNorm2d(out_channels))
            self.residual_kind = 'conv'
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x, A):
        res = 0 if self.residual is None else self.residual(x)
        y = self.gcn(x, A)
        if self.tcn_impl == 'conv':
            y = self.tcn(y)
        else:  # same modules (and checkpoint keys), another conv kernel
            bn1, relu, conv, bn2, drop = self.tcn
            y = drop(bn2(temporal_conv(relu(bn1(y)), conv, self.tcn_impl)))
        return self.relu(y + res)


@MODELS.register_module()
class STGCN(BaseModule):
    """ST-GCN encoder.

    Args:
        in_channels: C of the input (3 for xyz).
        hidden_channels: width of blocks 1-4 (x2 for 5-7, x4 for 8-9);
            16 is AimCLR's quarter width, 64 the original ST-GCN.
        hidden_dim: width of the last block (256 in AimCLR).
        graph_cfg: :class:`~skelact.models.layers.graph.Graph` arguments.
        edge_importance: learn a per-block mask multiplied into A.
        dropout: dropout inside blocks 2-10.
        temporal_kernel: temporal convolution length (9).
        gcn_impl: formulation of the graph aggregation, one of
            :data:`~skelact.models.layers.stgcn_ops.GCN_IMPLS`;
            ``'auto'``: the fastest for this CPU kind
            (:func:`~skelact.models.layers.stgcn_impl.default_stgcn_impls`).
        tcn_impl: formulation of the temporal convolution
            (:data:`~skelact.models.layers.stgcn_ops.TCN_IMPLS` or
            ``'auto'``). All formulations compute the same function of the
            same parameters (same checkpoint keys).
        init_cfg: mmengine init config.

    Input (N, M, T, V, C); output feature map (N, M, hidden_dim, T/4, V).
    """

    def __init__(self, in_channels: int = 3, hidden_channels: int = 64,
                 hidden_dim: int = 256,
                 graph_cfg: Optional[dict] = None,
                 edge_importance: bool = True, dropout: float = 0.0,
                 temporal_kernel: int = 9, gcn_impl: str = 'auto',
                 tcn_impl: str = 'auto', init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        gcn_impl, tcn_impl = resolve_stgcn_impls(gcn_impl, tcn_impl)
        self.gcn_impl, self.tcn_impl = gcn_impl, tcn_impl
        graph = Graph(**(graph_cfg or dict(layout='nturgb+d',
                                          strategy='spatial')))
        A = torch.tensor(graph.A, dtype=torch.float32)
        # derived from the layout, so not saved in checkpoints
        self.register_buffer('A', A, persistent=False)
        k, v = A.shape[0], A.shape[1]
        self.in_channels = in_channels
        self.num_joints = v
        self.out_channels = hidden_dim
        self.data_bn = nn.BatchNorm1d(in_channels * v)
        h = hidden_channels
        # (in, out, stride) of the ten blocks
        spec = [(in_channels, h, 1), (h, h, 1), (h, h, 1), (h, h, 1),
                (h, 2 * h, 2), (2 * h, 2 * h, 1), (2 * h, 2 * h, 1),
                (2 * h, 4 * h, 2), (4 * h, 4 * h, 1), (4 * h, hidden_dim, 1)]
        self.blocks = nn.ModuleList(
            STGCNBlock(cin, cout, k, temporal_kernel, stride,
                       dropout=0.0 if i == 0 else dropout,
                       residual=i != 0, gcn_impl=gcn_impl,
                       tcn_impl=tcn_impl)
            for i, (cin, cout, stride) in enumerate(spec))
        if edge_importance:
            self.edge_importance = nn.ParameterList(
                nn.Parameter(torch.ones_like(A)) for _ in self.blocks)
        else:
            self.edge_importance = None

    def forward(self, x):
        n, m, t, v, c = x.shape
        if v != self.num_joints or c != self.in_channels:
            raise ValueError(
                f'STGCN: input has shape {tuple(x.shape)}, expected '
                f'(N, M, T, {self.num_joints}, {self.in_channels})')
        # data BN over channel v * C + c, as in the reference
        x = x.permute(0, 1, 3, 4, 2).reshape(n * m, v * c, t)
        x = self.data_bn(x)
        x = x.view(n * m, v, c, t).permute(0, 2, 3, 1).contiguous()
        for i, block in enumerate(self.blocks):
            A = self.A if self.edge_importance is None \
                else self.A * self.edge_importance[i]
            x = block(x, A)
        _, c2, t2, v2 = x.shape
        return x.view(n, m, c2, t2, v2)
