# Views of the SkeletonCLR / AimCLR family (Levigty/AimCLR feeder/tools.py,
# ntu_feeder.py): normal = temporal crop with symmetric padding T/6, then
# shear 0.5; extreme = normal, then flip, rotate, temporal flip, noise,
# blur, axis mask, in the order of the authors' Feeder_triple.
normal_aug = [
    dict(type='RandomTemporalCrop', padding_ratio=6),
    dict(type='Shear', amplitude=0.5),
]
extreme_aug = normal_aug + [
    dict(type='SpatialFlip', p=0.5),
    dict(type='RandomRotate', max_angle=30.0),
    dict(type='TemporalFlip', p=0.5),
    dict(type='GaussianNoise', mean=0.0, std=0.01, p=0.5),
    dict(type='GaussianBlur', kernel_size=15, sigma_range=(0.1, 2.0), p=0.5),
    dict(type='AxisMask', p=0.5),
]
