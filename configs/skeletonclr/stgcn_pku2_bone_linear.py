# Linear evaluation of SkeletonCLR on PKU-MMD part II cross-subject, bone stream.
_base_ = ['./stgcn_pku2_linear.py']
pretrained = 'work_dirs/skeletonclr/stgcn_pku2_bone/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='bone'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
