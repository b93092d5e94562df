"""Per-sample transforms, one module per family.

Importing this package registers every transform in
:data:`skelact.registry.TRANSFORMS` (which imports it lazily when a
transform is built by name).
"""
from .aimclr_normalize import AimCLRNormalize
from .base import BaseTransform, get_keypoint
from .formatting import PackSkeletonInputs
from .heatmap import (Flip, PoseCompact, RandomResizedCrop, Resize,
                      img_shape_of, rescale_size)
from .heatmap_sampling import UniformSampleFrames
from .frame_padding import ZeroPadFrames
from .mamp import RandomRotXYZ, ValidCropResize, mamp_valid_frames
from .layout import (LAYOUT_CONVERSIONS, ConvertLayout, conversion_matrix,
                     convert_layout)
from .motionbert import (CropScale, HumanTracking, NormalizeByImageSize,
                         RandomMove, ResampleFrames, ZeroPadPersons,
                         motionbert_resample_indices)
from .noise import (GaussianBlur, GaussianNoise, gaussian_kernel,
                    temporal_filter)
from .pose_target import (EPS, PYSKL_LIMBS, GeneratePoseTarget,
                          flip_channel_index, limb_flip_index, pose_heatmaps)
from .robust_noise import (TOTAL_DIFFERENCES, VIDEO_SIZES, MotionScaledNoise,
                           body_motion, mean_displacement, noise_generator,
                           register_total_difference, register_video_size,
                           total_difference_range)
from .sequence import PackSequenceInputs
from .preprocessing import (AlignAxes, AlignShoulders, CenterJoint,
                            PadNullFrames, ResizeFrames, rotation_to,
                            valid_length)
from .spatial import (AxisMask, RandomRotate, Shear, SpatialFlip,
                      apply_linear, rotation_matrix, shear_matrix)
from .temporal import (RandomTemporalCrop, TemporalFlip, UniformSample,
                       take_frames)
from .volume_formatting import (PackVolumeInputs, ProjectToImage,
                                SkeletonToVolume)
from .volume_views import PackVolumeViews
from .wrappers import MultiView, RandomApply, build_pipeline

__all__ = [
    # base
    'BaseTransform', 'get_keypoint',
    # normalisation of raw skeletons
    'AimCLRNormalize', 'AlignAxes', 'AlignShoulders', 'CenterJoint',
    'PadNullFrames', 'ResizeFrames', 'rotation_to', 'valid_length',
    # temporal
    'RandomTemporalCrop', 'TemporalFlip', 'UniformSample', 'take_frames',
    'ZeroPadFrames',
    # spatial
    'AxisMask', 'RandomRotate', 'Shear', 'SpatialFlip', 'apply_linear',
    'rotation_matrix', 'shear_matrix',
    # noise
    'GaussianBlur', 'GaussianNoise', 'gaussian_kernel', 'temporal_filter',
    # layouts
    'ConvertLayout', 'LAYOUT_CONVERSIONS', 'conversion_matrix',
    'convert_layout',
    # MotionBERT's data path
    'CropScale', 'HumanTracking', 'NormalizeByImageSize', 'RandomMove',
    'ResampleFrames', 'ZeroPadPersons', 'motionbert_resample_indices',
    # MAMP's data path
    'ValidCropResize', 'RandomRotXYZ', 'mamp_valid_frames',
    # views, packing
    'MultiView', 'RandomApply', 'build_pipeline',
    'PackSkeletonInputs', 'PackSequenceInputs',
    # PoseConv3D: 2D keypoints in images, heatmap / skeleton volumes
    'UniformSampleFrames', 'PoseCompact', 'Resize', 'RandomResizedCrop',
    'Flip', 'img_shape_of', 'rescale_size', 'GeneratePoseTarget', 'EPS',
    'PYSKL_LIMBS', 'flip_channel_index', 'limb_flip_index', 'pose_heatmaps',
    'SkeletonToVolume', 'ProjectToImage', 'PackVolumeInputs',
    # noise-robust training (seed 002): the noise model, volume views
    'MotionScaledNoise', 'TOTAL_DIFFERENCES', 'VIDEO_SIZES', 'body_motion',
    'mean_displacement', 'noise_generator', 'register_total_difference',
    'register_video_size', 'total_difference_range', 'PackVolumeViews',
]
