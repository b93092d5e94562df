# TransAimCLR: AimCLR with a vanilla skeleton transformer (MAMP's encoder:
# temporal patches of 4 frames, depth 8, width 256, 8 heads), NNM off (it
# hurts transformer encoders); AdamW lr 5e-4, wd 0.01, x0.99 per epoch,
# batch 64 (skelact's choice, as MBAimCLR's). 50 frames are not a multiple
# of the 4-frame patch: a pretraining config appends `resize_to_patches`
# to its `preprocess` (which the derived protocols inherit).
_base_ = ['./aimclr.py']
num_frames = 52
model = dict(
    backbone=dict(_delete_=True, type='SkeletonTransformer', in_channels=3,
                  dim_feat=256, depth=8, num_heads=8, mlp_ratio=4,
                  num_frames=num_frames, num_joints=25, t_patch_size=4),
    projector=dict(in_channels=256, hidden_channels=256),
    mining_epoch=None)  # NNM off: the inherited NNMSwitchHook keeps it off
resize_to_patches = [dict(type='ResizeFrames', length=num_frames)]
train_dataloader = dict(batch_size=64)
optim_wrapper = dict(_delete_=True, optimizer=dict(
    type='AdamW', lr=5e-4, weight_decay=0.01))
param_scheduler = [dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
