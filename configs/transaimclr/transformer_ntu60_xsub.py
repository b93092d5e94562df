# TransAimCLR pretraining on NTU RGB+D 60 cross-subject: AimCLR with a
# vanilla skeleton transformer (MAMP's encoder: temporal patches of 4
# frames, depth 8, width 256, 8 heads) and NNM off (it hurts transformer
# encoders). Optimiser: AdamW lr 5e-4, wd 0.01, x0.99 per epoch, batch 64
# (skelact's choice, as MBAimCLR's).
_base_ = [
    '../_base_/recipes/aimclr_pretrain.py', '../_base_/datasets/ntu60_xsub.py'
]
encoder = dict(type='SkeletonTransformer', in_channels=3, dim_feat=256,
               depth=8, num_heads=8, mlp_ratio=4, num_frames=52,
               num_joints=25, t_patch_size=4)
model = dict(
    backbone=dict(_delete_=True, **encoder),
    projector=dict(in_channels=256, hidden_channels=256))
# 50 frames are not a multiple of the 4-frame patch: resample to 52
resize = [dict(type='ResizeFrames', length=52)]
train_dataloader = dict(
    batch_size=64,
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + resize + _base_.train_pipeline))
optim_wrapper = dict(_delete_=True, optimizer=dict(
    type='AdamW', lr=5e-4, weight_decay=0.01))
param_scheduler = [dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='RNGStateHook'),
]
