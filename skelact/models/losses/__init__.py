"""Losses: classification and contrastive."""
from .cross_entropy import CrossEntropyLoss
from .d3m import D3MLoss
from .infonce import InfoNCELoss

__all__ = ['CrossEntropyLoss', 'InfoNCELoss', 'D3MLoss']
