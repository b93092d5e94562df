"""MotionBERT's action heads (Walter0807/MotionBERT,
``lib/model/model_action.py``).

Both take the skeleton feature map ``(N, M, D, T, V)`` of
:mod:`skelact.models.backbones` -- e.g. what
:class:`~skelact.models.backbones.DSTformer` and
:class:`~skelact.models.backbones.SkeletonTransformer` return -- and pool it
the MotionBERT way: dropout, mean over the frames, flatten joints x
features (index ``v * D + d``, MotionBERT's order), mean over the persons.
They are used without a neck.

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
                   dim_rep: int, name: str) -> torch.Tensor:
    """(N, M, D, T, V) -> (N, V*D): mean over T, flatten V x D (index
    ``v * D + d``), mean over M. A 4-D (N, D, T, V) input counts as one
    person."""
    if feats.dim() == 4:
        feats = feats.unsqueeze(1)
    if feats.dim() != 5 or feats.shape[2] != dim_rep or \
            feats.shape[-1] != num_joints:
        raise ValueError(
            f'{name}: expected a skeleton feature map (N, M, D={dim_rep}, '
            f'T, V={num_joints}), got {tuple(feats.shape)}')
    n, m = feats.shape[:2]
    # MotionBERT pools its (N, M, T, V, D) tokens; moving D last (a view
    # of the transformers' token memory) keeps its order and numbers
    return feats.movedim(2, -1).mean(dim=2).reshape(n, m, -1).mean(dim=1)


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
        loss: classification loss config (default cross-entropy).
    """

    def __init__(self, num_classes: int, dim_rep: int = 512,
                 num_joints: int = 17, hidden_dim: int = 2048,
                 dropout_ratio: float = 0.5, loss: Optional[dict] = None,
                 init_cfg=None):
        super().__init__(num_classes, loss=loss, init_cfg=init_cfg)
        self.dim_rep = dim_rep
        self.num_joints = num_joints
        self.dropout = nn.Dropout(p=dropout_ratio)
        self.fc1 = nn.Linear(dim_rep * num_joints, hidden_dim)
        self.bn = nn.BatchNorm1d(hidden_dim, momentum=0.1)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Linear(hidden_dim, num_classes)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        x = pool_joint_map(self.dropout(feats), self.num_joints,
                           self.dim_rep, type(self).__name__)
        return self.fc2(self.relu(self.bn(self.fc1(x))))


@MODELS.register_module()
class ActionHeadEmbed(BaseModule):
    """MotionBERT's embedding head: an L2-normalised (N, hidden_dim)
    embedding of a (N, M, D, T, V) feature map (a neck / projector, not a
    classifier; see the module docstring).

    Args:
        dim_rep: feature width D.
        num_joints: V.
        hidden_dim: embedding width.
        dropout_ratio: dropout on the input feature map.
    """

    def __init__(self, dim_rep: int = 512, num_joints: int = 17,
                 hidden_dim: int = 2048, dropout_ratio: float = 0.0,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.dim_rep = dim_rep
        self.num_joints = num_joints
        self.out_channels = hidden_dim
        self.dropout = nn.Dropout(p=dropout_ratio)
        self.fc1 = nn.Linear(dim_rep * num_joints, hidden_dim)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        x = pool_joint_map(self.dropout(feats), self.num_joints,
                           self.dim_rep, type(self).__name__)
        return F.normalize(self.fc1(x), dim=-1)
