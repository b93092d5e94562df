# Linear evaluation: the pretrained query backbone, frozen and kept in eval
# mode (frozen BN statistics, no dropout), under a linear classifier.
# A concrete config sets `pretrained`, the dataloaders' datasets and the
# head's num_classes.
_base_ = ['../schedules/linear_sgd_100e.py', '../default_runtime.py']
model = dict(
    type='Recognizer',
    frozen_backbone=True,
    data_preprocessor=dict(type='SkeletonDataPreprocessor', stream='joint'),
    backbone=dict(
        type='STGCN',
        in_channels=3,
        hidden_channels=16,
        hidden_dim=256,
        graph_cfg=dict(layout='nturgb+d', strategy='spatial'),
        edge_importance=True,
        dropout=0.5),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearHead', num_classes=60, in_channels=256))
eval_pipeline = [dict(type='PackSkeletonInputs')]  # no augmentation
train_pipeline = eval_pipeline
_loader = dict(
    batch_size=128,
    num_workers=4,
    persistent_workers=True,
    worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(sampler=dict(type='DefaultSampler', shuffle=True),
                        **_loader)
val_dataloader = dict(sampler=dict(type='DefaultSampler', shuffle=False),
                      **_loader)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=2,
                                     save_best='acc/top1', rule='greater'))
