"""Data preprocessors: collated samples -> device batches, one kind per
input family (skeleton keypoints, volumes); views are recognised by their
explicit packing (:mod:`skelact.structures.views`)."""
from .base import StackDataPreprocessor, build_data_preprocessor
from .skeleton import SkeletonDataPreprocessor
from .volume import VolumeDataPreprocessor

__all__ = ['StackDataPreprocessor', 'SkeletonDataPreprocessor',
           'VolumeDataPreprocessor', 'build_data_preprocessor']
