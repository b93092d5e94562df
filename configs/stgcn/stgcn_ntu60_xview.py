# Supervised ST-GCN (Yan et al. 2018; standard width 64) on NTU RGB+D 60
# xview, from skelact's format (tools/data/prepare_ntu.py), with the
# original schedule: SGD 0.1 (Nesterov), wd 1e-4, x0.1 at 10 and 50, 80
# epochs, batch 64.
_base_ = [
    '../_base_/models/stgcn.py', '../_base_/datasets/ntu60_xview_skelact.py',
    '../_base_/schedules/sgd_step_80e.py', '../_base_/default_runtime.py'
]
model = dict(head=dict(num_classes=_base_.num_classes))
train_pipeline = _base_.preprocess + [dict(type='PackSkeletonInputs')]
eval_pipeline = _base_.preprocess + [dict(type='PackSkeletonInputs')]
_loader = dict(num_workers=4, persistent_workers=True,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(
    batch_size=64, sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(**_base_.train_dataset, pipeline=train_pipeline), **_loader)
val_dataloader = dict(
    batch_size=64, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(**_base_.val_dataset, pipeline=eval_pipeline,
                 test_mode=True), **_loader)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator
