# Linear evaluation of configs/aimclr/stgcn_synthetic_xsub.py. Without a
# checkpoint (pretrained=None) it evaluates a randomly initialised frozen
# encoder: the baseline pretraining must beat.
_base_ = ['../_base_/recipes/linear.py', '../_base_/datasets/synthetic_xsub.py']
pretrained = 'work_dirs/aimclr/stgcn_synthetic_xsub/epoch_12.pth'
model = dict(
    backbone=dict(
        hidden_dim=64,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                      prefix='backbone.')),
    head=dict(num_classes=_base_.num_classes, in_channels=64))
_loader = dict(batch_size=64, num_workers=2)
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.eval_pipeline),
    **_loader)
val_dataloader = dict(
    dataset=dict(**_base_.val_dataset,
                 pipeline=_base_.preprocess + _base_.eval_pipeline,
                 test_mode=True),
    **_loader)
test_dataloader = val_dataloader
max_epochs = 30
train_cfg = dict(max_epochs=max_epochs, val_interval=10)
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[24], gamma=0.1)
]
default_hooks = dict(logger=dict(interval=5))
