# Linear evaluation schedule of the AimCLR code: SGD lr 3.0, wd 0, x0.1 at
# epoch 80, 100 epochs, evaluated every 5 epochs.
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=3.0, momentum=0.9, weight_decay=0.0,
                   nesterov=False))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[80], gamma=0.1)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
