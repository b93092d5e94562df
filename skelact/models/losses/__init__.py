"""Losses: classification and contrastive."""
from .contrastive import (NTXentLoss, SupConLoss, TunedContrastiveLoss,
                          instance_labels, positive_masks)
from .cross_entropy import CrossEntropyLoss
from .cross_view import CrossViewLoss, topk_onehot
from .d3m import D3MLoss
from .hierarchical_kl import HierarchicalKLLoss
from .infonce import InfoNCELoss
from .noise_contrastive import (GroupContrastiveLoss, InstanceContrastiveLoss,
                                clean_noisy_contrast, group_means)

__all__ = ['CrossEntropyLoss', 'InfoNCELoss', 'D3MLoss', 'NTXentLoss',
           'SupConLoss', 'TunedContrastiveLoss', 'instance_labels',
           'positive_masks', 'InstanceContrastiveLoss',
           'GroupContrastiveLoss', 'clean_noisy_contrast', 'group_means',
           'HierarchicalKLLoss', 'CrossViewLoss', 'topk_onehot']
