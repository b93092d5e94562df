"""Data preprocessors: collated samples -> device batches, one kind per
input family (skeleton keypoints, volumes); views are recognised by their
explicit packing (:mod:`skelact.structures.views`)."""
from .base import StackDataPreprocessor, build_data_preprocessor
from .pose_volume import PoseVolumeDataPreprocessor, render_pose_heatmaps
from .skeleton import SkeletonDataPreprocessor
from .volume import VolumeDataPreprocessor

__all__ = ['StackDataPreprocessor', 'SkeletonDataPreprocessor',
           'VolumeDataPreprocessor', 'build_data_preprocessor',
           'PoseVolumeDataPreprocessor', 'render_pose_heatmaps']

# recurrent encoders over sequences of vectors (N, T, D): the graph2vec
# classifiers
from .sequence import SequenceDataPreprocessor  # noqa: E402

__all__ += ['SequenceDataPreprocessor']

# contrastive views made on the device (augment_on = 'device')
from .batch_augment import BATCH_AUGMENTS, build_batch_augment  # noqa: E402
from .device_augment import (DeviceAugmentPreprocessor,  # noqa: E402
                             apply_augment_on)

__all__ += ['BATCH_AUGMENTS', 'build_batch_augment',
            'DeviceAugmentPreprocessor', 'apply_augment_on']
