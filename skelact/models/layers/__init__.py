"""Building blocks shared by several models.

- :mod:`.graph`: the ST-GCN skeleton graph (spatial partition) of a layout;
- :mod:`.dropout`: :class:`Dropout` (a faster CPU mask) and stochastic depth
  (:class:`DropPath`);
- :mod:`.attention`: multi-head self-attention over one skeleton axis and
  the ViT MLP of the skeleton transformers.

- :mod:`.conv3d`: the ResNet3d blocks of PoseConv3D's SlowOnly.
- :mod:`.stgcn_ops` / :mod:`.stgcn_impl`: interchangeable formulations of
  ST-GCN's temporal convolution and graph aggregation, and the default
  per kind of CPU.

Recurrent blocks join here as their models arrive.
"""
from .attention import (ATTN_IMPLS, ATTN_MODES, MLP, Attention,
                        explicit_attention, init_vit_weights, set_attn_impl)
from .conv3d import BasicBlock3d, Bottleneck3d, ConvBNAct3d, make_res_layer
from .dropout import Dropout, DropPath
from .graph import Graph, hop_distance, normalize_digraph
from .stgcn_impl import default_stgcn_impls, resolve_stgcn_impls
from .stgcn_ops import GCN_IMPLS, TCN_IMPLS, graph_conv, temporal_conv

__all__ = [
    'Graph', 'hop_distance', 'normalize_digraph', 'Dropout', 'DropPath',
    'MLP', 'Attention', 'explicit_attention', 'set_attn_impl',
    'init_vit_weights', 'ATTN_IMPLS', 'ATTN_MODES', 'ConvBNAct3d',
    'Bottleneck3d', 'BasicBlock3d', 'make_res_layer', 'GCN_IMPLS',
    'TCN_IMPLS', 'graph_conv', 'temporal_conv', 'default_stgcn_impls',
    'resolve_stgcn_impls'
]
