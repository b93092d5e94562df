# Views of the SkeletonCLR / AimCLR family (Levigty/AimCLR feeder/tools.py,
# ntu_feeder.py Feeder_triple). Normal: temporal crop with symmetric
# padding T/6, then shear 0.5. Two extreme presets, named for what they are:
# - extreme_aug_code: the authors' released code (aug_method='12345', the
#   default of Feeder_triple, which trained the released weights): normal,
#   then spatial flip, rotate, Gaussian noise, Gaussian blur, axis mask; 7
#   augmentations, no temporal flip;
# - extreme_aug_paper: the paper's 8 augmentations (section 3.2 and the
#   appendix), i.e. the code's preset plus temporal flip. The paper gives
#   no order; this is the code's when '6' (time flip) is enabled: last.
# extreme_aug is extreme_aug_code (what the AimCLR recipes use).
normal_aug = [
    dict(type='RandomTemporalCrop', padding_ratio=6),
    dict(type='Shear', amplitude=0.5),
]
extreme_aug_code = normal_aug + [
    dict(type='SpatialFlip', p=0.5),
    dict(type='RandomRotate', max_angle=30.0),
    dict(type='GaussianNoise', mean=0.0, std=0.01, p=0.5),
    dict(type='GaussianBlur', kernel_size=15, sigma_range=(0.1, 2.0), p=0.5),
    dict(type='AxisMask', p=0.5),
]
extreme_aug_paper = extreme_aug_code + [dict(type='TemporalFlip', p=0.5)]
extreme_aug = extreme_aug_code
