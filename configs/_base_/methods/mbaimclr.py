# MBAimCLR: AimCLR with MotionBERT's DSTformer as the encoder -- depth 4
# instead of 5, MotionBERT-Lite width, 25 NTU joints, 50 frames -- NNM off
# (it hurts transformer encoders), and an optimiser for a transformer:
# MotionBERT's pretraining AdamW (lr 5e-4, weight decay 0.01, x0.99 per
# epoch) at batch 64, skelact's choice rather than a published recipe.
_base_ = ['./aimclr.py']
model = dict(
    backbone=dict(_delete_=True, type='DSTformer', dim_in=3, dim_out=0,
                  dim_feat=256, dim_rep=512, depth=4, num_heads=8,
                  mlp_ratio=4, num_joints=25, maxlen=50),
    projector=dict(in_channels=512, hidden_channels=512),
    mining_epoch=None)  # NNM off: the inherited NNMSwitchHook keeps it off
train_dataloader = dict(batch_size=64)
optim_wrapper = dict(_delete_=True, optimizer=dict(
    type='AdamW', lr=5e-4, weight_decay=0.01))
param_scheduler = [dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
