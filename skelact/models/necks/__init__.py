"""Necks: modules between a backbone and a head or projector. Each checks
the layout it receives (:mod:`skelact.models.layouts`)."""
from .eadm import EADM, simam_attention
from .linear_projector import LinearProjector
from .multi_stream_projector import MultiStreamProjector
from .pooling import GlobalAveragePooling
from .projector import MLPProjector

__all__ = ['GlobalAveragePooling', 'EADM', 'simam_attention', 'MLPProjector',
           'LinearProjector', 'MultiStreamProjector']
