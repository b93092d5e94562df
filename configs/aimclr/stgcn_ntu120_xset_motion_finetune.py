# Fine-tuning of AimCLR on NTU RGB+D 120 cross-setup, motion stream.
_base_ = ['./stgcn_ntu120_xset_finetune.py']
pretrained = 'work_dirs/aimclr/stgcn_ntu120_xset_motion/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='motion'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
