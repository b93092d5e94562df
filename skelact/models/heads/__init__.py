"""Classification heads (features -> logits, losses, predictions) and
MotionBERT's action heads, which read the skeleton map directly."""
from .action_head import (ActionHeadClassification, ActionHeadEmbed,
                          pool_joint_map)
from .base import BaseHead
from .i3d_head import I3DHead, average_clips
from .linear_head import LinearHead
from .multi_stream_head import MultiStreamLinearHead

__all__ = ['BaseHead', 'LinearHead', 'I3DHead', 'average_clips', 'ActionHeadClassification',
           'ActionHeadEmbed', 'pool_joint_map', 'MultiStreamLinearHead']
