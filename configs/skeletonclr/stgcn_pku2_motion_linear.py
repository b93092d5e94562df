# Linear evaluation of SkeletonCLR on PKU-MMD part II cross-subject, motion stream.
_base_ = ['./stgcn_pku2_linear.py']
pretrained = 'work_dirs/skeletonclr/stgcn_pku2_motion/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='motion'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
