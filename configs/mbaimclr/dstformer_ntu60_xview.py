# MBAimCLR pretraining on NTU RGB+D 60 cross-view: AimCLR with a depth-4 DSTformer,
# NNM off (see _dstformer_aimclr.py).
_base_ = [
    '../_base_/recipes/aimclr_pretrain.py',
    '../_base_/datasets/ntu60_xview.py', './_dstformer_aimclr.py'
]
model = dict(
    backbone=dict(_delete_=True, **_base_.encoder),
    projector=dict(in_channels=_base_.feat_dim,
                   hidden_channels=_base_.feat_dim))
train_dataloader = dict(
    batch_size=_base_.pretrain_batch_size,
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
optim_wrapper = dict(_delete_=True, **_base_.transformer_optim_wrapper)
param_scheduler = _base_.transformer_param_scheduler
custom_hooks = _base_.nnm_off_hooks  # no NNMSwitchHook: NNM stays off
