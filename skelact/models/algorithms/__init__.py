"""Algorithms: complete models (mmengine ``BaseModel``) built from a
backbone, necks, heads / projectors and losses."""
from .aimclr import AimCLR, nearest_neighbour_mask
from .crossclr import CrosSCLR
from .crossclr_aimclr import CrossStreamAimCLR
from .hiclr import HiCLR
from .inbatch import InBatchContrastive
from .mamp import MAMP, MAMPDecoder
from .noise_robust import NoiseRobustRecognizer
from .recognizer import Recognizer
from .skeletonclr import SkeletonCLR, gather_keys

__all__ = ['Recognizer', 'SkeletonCLR', 'AimCLR', 'gather_keys',
           'nearest_neighbour_mask', 'InBatchContrastive',
           'NoiseRobustRecognizer', 'HiCLR', 'CrosSCLR',
           'CrossStreamAimCLR', 'MAMP', 'MAMPDecoder']
