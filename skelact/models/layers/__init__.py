"""Building blocks shared by several models."""
from .dropout import Dropout

__all__ = ['Dropout']
