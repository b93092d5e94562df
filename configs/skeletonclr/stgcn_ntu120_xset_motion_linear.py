# Linear evaluation of SkeletonCLR on NTU RGB+D 120 cross-setup, motion stream.
_base_ = ['./stgcn_ntu120_xset_linear.py']
pretrained = 'work_dirs/skeletonclr/stgcn_ntu120_xset_motion/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='motion'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
