"""Backbones: inputs -> a feature map in their family's one layout.

Pooling is a neck (:mod:`skelact.models.necks`), so that modules such as
AimCLR's EADM can act on the map; :mod:`skelact.models.layouts` names the
layouts and checks them.

- Skeleton backbones (graph convolutions, transformers, MLPs over joints)
  read keypoints (N, M, T, V, C) and return the skeleton map
  **(N, M, C', T', V)** -- batch, persons, channels, frames, joints.
  :class:`STGCN` computes in it; the transformers (:class:`DSTformer`,
  :class:`SkeletonTransformer`) compute on tokens (..., T, V, D) and move
  the channel axis at the end, inside the backbone. :class:`ConMLP`
  encodes the whole flattened sequence into one vector and returns it as
  a map with one frame and one joint, (N, 1, D, 1, 1) (or (N, M, D, 1, 1)
  with ``person_mode='separate'``).
- Volume backbones (3D CNNs over heatmaps or frames: PoseConv3D's
  :class:`ResNet3dSlowOnly`) read
  (N, C, T, H, W) and return the volume map **(N, C', T', H', W')**.

Every backbone exposes ``out_channels`` (C').
"""
from .dstformer import DSTBlock, DSTformer
from .mlp import ConMLP, MLPDecoder
from .skeleton_transformer import (SkeletonEmbed, SkeletonTransformer,
                                   TransformerBlock)
from .resnet3d_slowonly import ResNet3d, ResNet3dSlowOnly
from .stgcn import STGCN, GraphConv, STGCNBlock
from .multi_stream import MultiStreamBackbone

__all__ = [
    'ResNet3d', 'ResNet3dSlowOnly',
    'STGCN', 'GraphConv', 'STGCNBlock', 'DSTformer', 'DSTBlock',
    'SkeletonTransformer', 'SkeletonEmbed', 'TransformerBlock', 'ConMLP',
    'MLPDecoder', 'MultiStreamBackbone'
]

# recurrent encoders: sequences of vectors (N, T, D) -> pooled (N, C), no
# neck (the graph2vec classifiers)
from .recurrent import GRUEncoder, LSTMEncoder, RecurrentEncoder  # noqa: E402

__all__ += ['RecurrentEncoder', 'LSTMEncoder', 'GRUEncoder']
