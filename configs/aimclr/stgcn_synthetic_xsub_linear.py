# Linear evaluation of configs/aimclr/stgcn_synthetic_xsub.py (the linear
# protocol with CPU-sized loaders and 30 epochs). The encoder starts from
# the pretraining run's latest checkpoint, or from --checkpoint CKPT;
# `--checkpoint none` evaluates a randomly initialised frozen encoder, the
# baseline pretraining must beat.
_base_ = './stgcn_synthetic_xsub.py'
protocol = 'linear'
_loader = dict(batch_size=64, num_workers=2)
train_dataloader = _loader
val_dataloader = _loader
test_dataloader = _loader
train_cfg = dict(max_epochs=30, val_interval=10)
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[24], gamma=0.1)
]
default_hooks = dict(logger=dict(interval=5))
