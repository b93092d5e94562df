# AimCLR pretraining: views [extreme, query, key] and two-stage training
# (NNM after epoch 150). A concrete config adds a dataset base and sets
# train_dataloader.dataset.
_base_ = ['./contrastive_pretrain.py', '../models/aimclr_stgcn.py']
train_pipeline = [
    dict(type='MultiView', transforms=[_base_.extreme_aug, _base_.normal_aug],
         num_views=[1, 2]),
    dict(type='PackSkeletonInputs'),
]
mining_epoch = 150  # NNM from the 152nd epoch, as the authors' code
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='NNMSwitchHook', mining_epoch=mining_epoch),
    dict(type='RNGStateHook'),
]
