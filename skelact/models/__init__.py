"""Models: backbones, necks, heads, losses, shared layers, data
preprocessors and the algorithms that assemble them.

Importing this package registers every model in
:data:`skelact.registry.MODELS` (which imports it lazily when a model is
built by name). Feature-map layouts: :mod:`skelact.models.layouts`.
"""
from .algorithms import (AimCLR, InBatchContrastive, Recognizer,
                         SkeletonCLR, gather_keys, nearest_neighbour_mask)
from .backbones import (STGCN, ConMLP, DSTBlock, DSTformer, GraphConv,
                        MLPDecoder, SkeletonEmbed, SkeletonTransformer,
                        STGCNBlock, TransformerBlock)
from .data_preprocessors import (SkeletonDataPreprocessor,
                                 StackDataPreprocessor,
                                 VolumeDataPreprocessor,
                                 build_data_preprocessor)
from .heads import (ActionHeadClassification, ActionHeadEmbed, BaseHead,
                    LinearHead, pool_joint_map)
from .layers import (MLP, Attention, Dropout, DropPath, Graph,
                     explicit_attention, init_vit_weights, set_attn_impl)
from .layouts import LAYOUTS, channel_axis, check_feature_map
# PoseConv3D
from .backbones import ResNet3d, ResNet3dSlowOnly
from .data_preprocessors import PoseVolumeDataPreprocessor
from .heads import I3DHead
# noise-robust training (seed 002)
from .algorithms import NoiseRobustRecognizer
from .losses import GroupContrastiveLoss, InstanceContrastiveLoss
# HiCLR (seed 001)
from .algorithms import HiCLR
from .losses import HierarchicalKLLoss
from .losses import (CrossEntropyLoss, D3MLoss, InfoNCELoss, NTXentLoss,
                     SupConLoss, TunedContrastiveLoss)
from .necks import (EADM, GlobalAveragePooling, LinearProjector,
                    MLPProjector, simam_attention)

__all__ = [
    # algorithms
    'Recognizer', 'SkeletonCLR', 'AimCLR', 'gather_keys',
    'nearest_neighbour_mask', 'InBatchContrastive',
    # backbones
    'STGCN', 'GraphConv', 'STGCNBlock', 'DSTformer', 'DSTBlock',
    'SkeletonTransformer', 'SkeletonEmbed', 'TransformerBlock', 'ConMLP',
    'MLPDecoder',
    # data preprocessors
    'StackDataPreprocessor', 'SkeletonDataPreprocessor',
    'VolumeDataPreprocessor', 'build_data_preprocessor',
    # heads
    'BaseHead', 'LinearHead', 'ActionHeadClassification', 'ActionHeadEmbed',
    'pool_joint_map',
    # layers
    'Graph', 'Dropout', 'DropPath', 'MLP', 'Attention',
    'explicit_attention', 'set_attn_impl', 'init_vit_weights',
    # PoseConv3D
    'ResNet3d', 'ResNet3dSlowOnly', 'PoseVolumeDataPreprocessor',
    'I3DHead',
    # noise-robust training (seed 002)
    'NoiseRobustRecognizer', 'InstanceContrastiveLoss',
    'GroupContrastiveLoss',
    # HiCLR (seed 001)
    'HiCLR', 'HierarchicalKLLoss',
    # layouts
    'LAYOUTS', 'channel_axis', 'check_feature_map',
    # losses
    'CrossEntropyLoss', 'InfoNCELoss', 'D3MLoss', 'NTXentLoss', 'SupConLoss',
    'TunedContrastiveLoss',
    # necks
    'GlobalAveragePooling', 'EADM', 'simam_attention', 'MLPProjector',
    'LinearProjector',
]

# graph2vec + LSTM / GRU
from .backbones import GRUEncoder, LSTMEncoder, RecurrentEncoder  # noqa: E402
from .data_preprocessors import SequenceDataPreprocessor  # noqa: E402

__all__ += ['RecurrentEncoder', 'LSTMEncoder', 'GRUEncoder',
            'SequenceDataPreprocessor']
