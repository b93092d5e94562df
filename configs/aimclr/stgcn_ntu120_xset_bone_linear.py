# Linear evaluation of AimCLR on NTU RGB+D 120 cross-setup, bone stream.
_base_ = ['./stgcn_ntu120_xset_linear.py']
pretrained = 'work_dirs/aimclr/stgcn_ntu120_xset_bone/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='bone'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
