"""Converters of third-party checkpoints into skelact's naming.

One module per source (``aimclr.py``, ``motionbert.py``, ...) registers a
:class:`CheckpointSource`; :func:`convert_checkpoint` picks the source by
name or detects it from the file's structure. A new source module is
imported here.
"""
from .aimclr import AimCLRSource
from .hiclr import HiCLRSource
from .crossclr import (CrosSCLR2ViewSource, CrosSCLR3ViewSource,
                       looks_like)
from .base import (SOURCES, CheckpointSource, convert_checkpoint,
                   detect_source, register_source, state_of)
from .motionbert import DSTFORMER_KEYS, MotionBERTAction, MotionBERTPretrained
from .mamp import MAMPSource, convert_mamp_state, interpolate_temp_embed
from .pyskl import PysklPoseConv3D

__all__ = [
    'SOURCES', 'CheckpointSource', 'convert_checkpoint', 'detect_source',
    'register_source', 'state_of', 'AimCLRSource', 'MotionBERTPretrained',
    'MotionBERTAction', 'DSTFORMER_KEYS', 'PysklPoseConv3D', 'MAMPSource',
    'convert_mamp_state', 'interpolate_temp_embed', 'HiCLRSource',
    'CrosSCLR3ViewSource', 'CrosSCLR2ViewSource', 'looks_like'
]
