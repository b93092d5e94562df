# Supervised quarter-width ST-GCN from scratch on PKU-MMD part I cross-subject,
# joint stream (_base_/methods/stgcn_quarter_scratch.py). The paper's number:
# 84.1 (ST-GCN, Table 5).
_base_ = ['../_base_/methods/stgcn_quarter_scratch.py',
          '../_base_/datasets/pku1_xsub.py']
model = dict(head=dict(num_classes=_base_.num_classes))
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
val_dataloader = dict(dataset=dict(
    **_base_.val_dataset, pipeline=_base_.preprocess + _base_.eval_pipeline,
    test_mode=True))
test_dataloader = val_dataloader
