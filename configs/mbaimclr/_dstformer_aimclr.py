# Shared by the MBAimCLR configs (a base, not a runnable config): AimCLR
# with MotionBERT's DSTformer as the encoder -- depth 4 instead of 5,
# MotionBERT-Lite width, 25 NTU joints, 50 frames -- NNM off (it hurts
# transformer encoders), and an optimiser for a transformer: MotionBERT's
# pretraining AdamW (lr 5e-4, weight decay 0.01, x0.99 per epoch) at batch
# 64, skelact's choice rather than a published recipe.
encoder = dict(type='DSTformer', dim_in=3, dim_out=0, dim_feat=256,
               dim_rep=512, depth=4, num_heads=8, mlp_ratio=4,
               num_joints=25, maxlen=50)
feat_dim = 512
pretrain_batch_size = 64
transformer_optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=5e-4, weight_decay=0.01))
transformer_param_scheduler = [
    dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
nnm_off_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='RNGStateHook'),
]
