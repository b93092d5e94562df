"""MotionBERT's action heads (Walter0807/MotionBERT,
``lib/model/model_action.py``).

Both take a per-joint, per-frame feature map ``(N, M, T, V, D)`` -- what
:class:`~skelact.models.backbones.DSTformer` and
:class:`~skelact.models.backbones.SkeletonTransformer` return -- and pool it
the MotionBERT way: dropout, mean over the frames, flatten joints x
features (index ``v * D + d``), mean over the persons. They are used
without a neck.

- :class:`ActionHeadClassification` (a classification head): then
  ``fc1: Linear(V*D, hidden)`` -> ``bn: BatchNorm1d(hidden)`` -> ReLU ->
  ``fc2: Linear(hidden, num_classes)``.
- :class:`ActionHeadEmbed` (not a classifier): then ``fc1: Linear(V*D,
  hidden)`` and L2 normalisation; MotionBERT trains it with a SupCon loss
  for one-shot recognition. It is a plain registered module with the
  signature of a neck/projector, ``forward(feats) -> (N, hidden)``, e.g.
  ``Recognizer(neck=dict(type='ActionHeadEmbed', dim_rep=512,
  hidden_dim=2048), head=dict(type='LinearHead', in_channels=2048, ...))``
  or as the projector of a contrastive algorithm
  (``projector=dict(type='ActionHeadEmbed', ...)``).
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from skelact.registry import MODELS
from .base import BaseHead

__all__ = ['ActionHeadClassification', 'ActionHeadEmbed', 'pool_joint_map']


def pool_joint_map(feats: torch.Tensor, num_joints: int,
                   dim_rep: int, name: str,
                   channel_dim: int = -1) -> torch.Tensor:
    """(N, M, T, V, D) -> (N, V*D): mean over T, flatten V x D, mean over
    M. A 4-D (N, T, V, D) input counts as one person. ``channel_dim``: the
    position of D in the input (2 for a (N, M, D, T, V) map)."""
    if channel_dim not in (-1, feats.dim() - 1):
        feats = feats.movedim(channel_dim, -1)
    if feats.dim() == 4:
        feats = feats.unsqueeze(1)
    if feats.dim() != 5 or feats.shape[-2:] != (num_joints, dim_rep):
        raise ValueError(
            f'{name}: expected features (N, M, T, V={num_joints}, '
            f'D={dim_rep}), got {tuple(feats.shape)}')
    n, m = feats.shape[:2]
    return feats.mean(dim=2).reshape(n, m, -1).mean(dim=1)


@MODELS.register_module()
class ActionHeadClassification(BaseHead):
    """MotionBERT's action classification head.

    Args:
        num_classes: number of classes.
        dim_rep: feature width D of the backbone output.
        num_joints: V.
        hidden_dim: width of the hidden layer.
        dropout_ratio: dropout on the input feature map (MotionBERT's NTU
            finetuning: 0.5).
        channel_dim: position of D in the input map (-1; 2 for a backbone
            built with ``channels_last=False``).
        loss: classification loss config (default cross-entropy).
    """

    def __init__(self, num_classes: int, dim_rep: int = 512,
                 num_joints: int = 17, hidden_dim: int = 2048,
                 dropout_ratio: float = 0.5, channel_dim: int = -1,
                 loss: Optional[dict] = None, init_cfg=None):
        super().__init__(num_classes, loss=loss, init_cfg=init_cfg)
        self.dim_rep = dim_rep
        self.channel_dim = channel_dim
        self.num_joints = num_joints
        self.dropout = nn.Dropout(p=dropout_ratio)
        self.fc1 = nn.Linear(dim_rep * num_joints, hidden_dim)
        self.bn = nn.BatchNorm1d(hidden_dim, momentum=0.1)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Linear(hidden_dim, num_classes)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        x = pool_joint_map(self.dropout(feats), self.num_joints,
                           self.dim_rep, type(self).__name__,
                           self.channel_dim)
        return self.fc2(self.relu(self.bn(self.fc1(x))))


@MODELS.register_module()
class ActionHeadEmbed(BaseModule):
    """MotionBERT's embedding head: an L2-normalised (N, hidden_dim)
    embedding of a (N, M, T, V, D) feature map (a neck / projector, not a
    classifier; see the module docstring).

    Args:
        dim_rep: feature width D.
        num_joints: V.
        hidden_dim: embedding width.
        dropout_ratio: dropout on the input feature map.
        channel_dim: position of D in the input map.
    """

    def __init__(self, dim_rep: int = 512, num_joints: int = 17,
                 hidden_dim: int = 2048, dropout_ratio: float = 0.0,
                 channel_dim: int = -1, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.dim_rep = dim_rep
        self.channel_dim = channel_dim
        self.num_joints = num_joints
        self.out_channels = hidden_dim
        self.dropout = nn.Dropout(p=dropout_ratio)
        self.fc1 = nn.Linear(dim_rep * num_joints, hidden_dim)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        x = pool_joint_map(self.dropout(feats), self.num_joints,
                           self.dim_rep, type(self).__name__,
                           self.channel_dim)
        return F.normalize(self.fc1(x), dim=-1)
