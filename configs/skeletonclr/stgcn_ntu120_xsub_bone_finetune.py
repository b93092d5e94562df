# Fine-tuning of SkeletonCLR on NTU RGB+D 120 cross-subject, bone stream.
_base_ = ['./stgcn_ntu120_xsub_finetune.py']
pretrained = 'work_dirs/skeletonclr/stgcn_ntu120_xsub_bone/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='bone'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
