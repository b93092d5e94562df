# What SkeletonCLR-family pretraining shares: schedule (SGD 0.1, wd 1e-4,
# x0.1 at 250, 300 epochs), loader (batch 128, whole batches for the
# queue) and hooks. The method bases add the model and the views; a
# pretraining config adds a dataset base. Evaluation protocols are derived
# from the pretraining config (configs/_base_/protocols/).
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
# the hooks the MoCo-family models declare (tools/train.py adds missing
# ones; a Runner without them refuses to train)
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='RNGStateHook'),
]
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=3),
                     logger=dict(interval=50))
