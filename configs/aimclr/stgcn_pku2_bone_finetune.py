# Fine-tuning of AimCLR on PKU-MMD part II cross-subject, bone stream.
_base_ = ['./stgcn_pku2_finetune.py']
pretrained = 'work_dirs/aimclr/stgcn_pku2_bone/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='bone'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
