# Linear evaluation of SkeletonCLR on PKU-MMD part II cross-subject, joint stream: frozen
# encoder in eval mode, linear classifier (SGD 3.0, wd 0, x0.1 at 80, 100
# epochs). `pretrained` is the pretraining run's last checkpoint.
_base_ = ['../_base_/recipes/linear.py', '../_base_/datasets/pku2_xsub.py']
pretrained = 'work_dirs/skeletonclr/stgcn_pku2/epoch_300.pth'
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                                prefix='backbone.')),
    head=dict(num_classes=_base_.num_classes))
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
val_dataloader = dict(
    dataset=dict(**_base_.val_dataset,
                 pipeline=_base_.preprocess + _base_.eval_pipeline,
                 test_mode=True))
test_dataloader = val_dataloader
