# Fine-tuning of AimCLR on NTU RGB+D 60 cross-view, motion stream.
_base_ = ['./stgcn_ntu60_xview_finetune.py']
pretrained = 'work_dirs/aimclr/stgcn_ntu60_xview_motion/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='motion'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
