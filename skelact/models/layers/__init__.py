"""Building blocks shared by several models.

- :mod:`.graph`: the ST-GCN skeleton graph (spatial partition) of a layout;
- :mod:`.dropout`: :class:`Dropout` (a faster CPU mask) and stochastic depth
  (:class:`DropPath`);
- :mod:`.attention`: multi-head self-attention over one skeleton axis and
  the ViT MLP of the skeleton transformers.

3D-convolution and recurrent blocks join here as their models arrive.
"""
from .attention import (ATTN_IMPLS, ATTN_MODES, MLP, Attention,
                        explicit_attention, init_vit_weights, set_attn_impl)
from .dropout import Dropout, DropPath
from .graph import Graph, hop_distance, normalize_digraph

__all__ = [
    'Graph', 'hop_distance', 'normalize_digraph', 'Dropout', 'DropPath',
    'MLP', 'Attention', 'explicit_attention', 'set_attn_impl',
    'init_vit_weights', 'ATTN_IMPLS', 'ATTN_MODES'
]
