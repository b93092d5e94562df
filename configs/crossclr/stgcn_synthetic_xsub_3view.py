# 3s-CrosSCLR pretraining on the built-in synthetic set (cross-subject),
# sized for a 2-core CPU as configs/aimclr/stgcn_synthetic_xsub.py: the
# authors' losses, views and momentum behaviour, the quarter-width encoder
# with a narrower last block (hidden_dim 64) per stream, a short schedule,
# cross-view mining for the second half (as 150 of 300) and a queue that
# fits the 600 training clips. Measured by benchmarks/crossclr_synthetic.py.
_base_ = ['../_base_/methods/crossclr.py',
          '../_base_/datasets/synthetic_xsub.py']
max_epochs = 12
model = dict(
    backbone=dict(backbone=dict(hidden_dim=64)),
    projector=dict(in_channels=64, hidden_channels=64),
    queue_size=512,
    cross_epoch=6)
train_dataloader = dict(
    batch_size=64, num_workers=2,
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[10], gamma=0.1)
]
default_hooks = dict(checkpoint=dict(interval=4, max_keep_ckpts=1),
                     logger=dict(interval=3))
