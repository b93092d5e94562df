# Supervised quarter-width ST-GCN from scratch on NTU RGB+D 120 cross-setup,
# joint stream (_base_/methods/stgcn_quarter_scratch.py). The paper's number:
# 77.1 (3s, Table 8).
_base_ = ['../_base_/methods/stgcn_quarter_scratch.py',
          '../_base_/datasets/ntu120_xset.py']
model = dict(head=dict(num_classes=_base_.num_classes))
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
val_dataloader = dict(dataset=dict(
    **_base_.val_dataset, pipeline=_base_.preprocess + _base_.eval_pipeline,
    test_mode=True))
test_dataloader = val_dataloader
