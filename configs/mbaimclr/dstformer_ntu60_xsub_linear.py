# MBAimCLR linear evaluation on NTU RGB+D 60 cross-subject: the frozen pretrained DSTformer
# (eval mode), pooled, under a linear classifier.
_base_ = [
    '../_base_/recipes/linear.py', '../_base_/datasets/ntu60_xsub.py',
    './_dstformer_aimclr.py'
]
pretrained = 'work_dirs/mbaimclr/dstformer_ntu60_xsub/epoch_300.pth'
model = dict(
    backbone=dict(_delete_=True, **_base_.encoder,
                  init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                                prefix='backbone.')),
    head=dict(num_classes=_base_.num_classes, in_channels=_base_.feat_dim))
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
val_dataloader = dict(
    dataset=dict(**_base_.val_dataset,
                 pipeline=_base_.preprocess + _base_.eval_pipeline,
                 test_mode=True))
test_dataloader = val_dataloader
