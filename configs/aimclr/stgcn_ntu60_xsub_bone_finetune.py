# Fine-tuning of AimCLR on NTU RGB+D 60 cross-subject, bone stream.
_base_ = ['./stgcn_ntu60_xsub_finetune.py']
pretrained = 'work_dirs/aimclr/stgcn_ntu60_xsub_bone/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='bone'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
