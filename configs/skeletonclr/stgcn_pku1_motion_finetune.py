# Fine-tuning of SkeletonCLR on PKU-MMD part I cross-subject, motion stream.
_base_ = ['./stgcn_pku1_finetune.py']
pretrained = 'work_dirs/skeletonclr/stgcn_pku1_motion/epoch_300.pth'
model = dict(
    data_preprocessor=dict(stream='motion'),
    backbone=dict(init_cfg=dict(checkpoint=pretrained)))
