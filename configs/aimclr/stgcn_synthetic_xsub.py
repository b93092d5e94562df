# AimCLR pretraining on the built-in synthetic set (cross-subject), sized
# for a 2-core CPU: the paper's losses and augmentations, the AimCLR-width
# encoder with a narrower last block (hidden_dim 64), a short schedule and a
# queue that fits the 600 training clips (K divisible by the batch).
# Protocols: _linear.py and _knn.py here (the CPU-sized loaders), or
# --protocol NAME with the paper's protocol settings.
_base_ = ['../_base_/methods/aimclr.py',
          '../_base_/datasets/synthetic_xsub.py']
max_epochs = 12
model = dict(
    backbone=dict(hidden_dim=64),
    projector=dict(in_channels=64, hidden_channels=64),
    queue_size=512,
    mining_epoch=6)  # NNM for the second half, as the paper's 150 of 300
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
