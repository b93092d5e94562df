# Linear evaluation of SkeletonCLR on NTU RGB+D 60 cross-view, motion stream.
_base_ = ['./stgcn_ntu60_xview_linear.py']
pretrained = 'work_dirs/skeletonclr/stgcn_ntu60_xview_motion/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='motion'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
