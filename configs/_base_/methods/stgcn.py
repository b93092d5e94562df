# Supervised ST-GCN (Yan et al. 2018) at the original width (64): model,
# loaders (no augmentation), evaluation. A config adds a dataset base (and
# its `preprocess`), a schedule and the loaders' datasets.
_base_ = ['../default_runtime.py']
model = dict(
    type='Recognizer',
    data_preprocessor=dict(type='SkeletonDataPreprocessor', stream='joint'),
    backbone=dict(
        type='STGCN',
        in_channels=3,
        hidden_channels=64,
        hidden_dim=256,
        graph_cfg=dict(layout='nturgb+d', strategy='spatial'),
        edge_importance=True,
        dropout=0.5),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearHead', num_classes=60, in_channels=256))
train_pipeline = [dict(type='PackSkeletonInputs')]
eval_pipeline = [dict(type='PackSkeletonInputs')]
_loader = dict(num_workers=4, persistent_workers=True,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(
    batch_size=64, sampler=dict(type='DefaultSampler', shuffle=True),
    **_loader)
val_dataloader = dict(
    batch_size=64, sampler=dict(type='DefaultSampler', shuffle=False),
    **_loader)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator
