# The ST-GCN schedule for NTU RGB+D: SGD 0.1 (Nesterov), wd 1e-4,
# x0.1 at epochs 10 and 50, 80 epochs.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=80, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4,
                   nesterov=True))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[10, 50], gamma=0.1)
]
