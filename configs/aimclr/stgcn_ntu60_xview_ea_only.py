# AimCLR paper Table 1, row "w/ EA": SkeletonCLR (MoCo v2, InfoNCE only)
# whose two normal views are replaced by extreme ones (the released code's
# 7 augmentations, _base_.extreme_aug_code), on NTU RGB+D 60 cross-view,
# joint stream; with the authors' weights_init (the key encoder then copied
# from the query, as SkeletonCLR). Paper, 3 streams fused: 71.3 / 77.8
# (xsub / xview). Row "w/ NA" is configs/skeletonclr/stgcn_ntu60_xview.py;
# bone / motion: --cfg-options model.data_preprocessor.stream=bone with its
# own --work-dir (configs/aimclr/README.md).
_base_ = ['../_base_/methods/skeletonclr.py',
          '../_base_/datasets/ntu60_xview.py']
model = dict(init_cfg=[
    dict(type='Normal', layer=['Conv1d', 'Conv2d', 'Linear'], mean=0.0,
         std=0.02, bias=0.0),
    dict(type='Normal', layer=['BatchNorm1d', 'BatchNorm2d'], mean=1.0,
         std=0.02, bias=0.0),
])
train_pipeline = [
    dict(type='MultiView', transforms=[_base_.extreme_aug_code], num_views=2),
    dict(type='PackSkeletonInputs'),
]
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + train_pipeline))
