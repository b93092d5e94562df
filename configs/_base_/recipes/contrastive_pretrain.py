# What SkeletonCLR-family pretraining shares: schedule, loader, hooks. The
# method recipes add the model and the views.
_base_ = [
    '../pipelines/contrastive_views.py', '../schedules/pretrain_sgd_300e.py',
    '../default_runtime.py'
]
train_dataloader = dict(
    batch_size=128,
    num_workers=4,
    persistent_workers=True,
    drop_last=True,  # the queue takes whole batches
    sampler=dict(type='DefaultSampler', shuffle=True),
    worker_init_fn=dict(type='skelact.seed_worker'))
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='RNGStateHook'),
]
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=3),
                     logger=dict(interval=50))
