"""Algorithms: complete models (mmengine ``BaseModel``) built from a
backbone, necks, heads / projectors and losses."""
from .aimclr import AimCLR, nearest_neighbour_mask
from .hiclr import HiCLR
from .inbatch import InBatchContrastive
from .noise_robust import NoiseRobustRecognizer
from .recognizer import Recognizer
from .skeletonclr import SkeletonCLR, gather_keys

__all__ = ['Recognizer', 'SkeletonCLR', 'AimCLR', 'gather_keys',
           'nearest_neighbour_mask', 'InBatchContrastive',
           'NoiseRobustRecognizer', 'HiCLR']
