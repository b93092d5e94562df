# Supervised ST-GCN (Yan et al. 2018; standard width 64) on NTU RGB+D 60
# xsub, from skelact's format (tools/data/prepare_ntu.py), with the
# original schedule: SGD 0.1 (Nesterov), wd 1e-4, x0.1 at 10 and 50, 80
# epochs, batch 64.
_base_ = [
    '../_base_/methods/stgcn.py', '../_base_/datasets/ntu60_xsub_skelact.py',
    '../_base_/schedules/sgd_step_80e.py'
]
model = dict(head=dict(num_classes=_base_.num_classes))
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
val_dataloader = dict(dataset=dict(
    **_base_.val_dataset, pipeline=_base_.preprocess + _base_.eval_pipeline,
    test_mode=True))
test_dataloader = val_dataloader
