# Evaluation with MotionBERT's action head (transformer encoders): the
# linear protocol's frozen pretrained encoder (eval mode), no pooling neck,
# the action head (mean over frames, joints x features, mean over persons,
# MLP hidden 2048 with BN, dropout 0.5) trained with MotionBERT's head
# optimiser: AdamW lr 1e-3, wd 0.01, x0.99 per epoch.
_base_ = ['./linear.py']
model = dict(
    neck=None,
    head=dict(_delete_=True, type='ActionHeadClassification',
              hidden_dim=2048, dropout_ratio=0.5))
optim_wrapper = dict(_delete_=True, optimizer=dict(
    type='AdamW', lr=1e-3, weight_decay=0.01))
param_scheduler = [dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
# the head reads a per-joint representation (N, M, C, T, V)
protocol_cfg = dict(backbones=['DSTformer', 'SkeletonTransformer'])
