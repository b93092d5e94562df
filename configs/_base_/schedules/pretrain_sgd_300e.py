# Contrastive pretraining schedule of SkeletonCLR / AimCLR: SGD 0.1,
# momentum 0.9, wd 1e-4, no Nesterov, x0.1 at epoch 250, 300 epochs.
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4,
                   nesterov=False))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[250], gamma=0.1)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=300)
val_cfg = None
val_dataloader = None
val_evaluator = None
