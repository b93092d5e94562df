# Evaluation with MotionBERT's action head (transformer encoders), as seed
# 000 (section 4.2) describes it: the linear protocol's frozen pretrained
# encoder (eval mode), no pooling neck, MotionBERT's action head (mean over
# frames, joints x features, mean over persons, MLP hidden 2048 with BN,
# dropout 0.5) in place of the linear layer, "for 100 epoch with a decrease
# in the learning rate at epoch 80" (x0.1, as the linear protocol). The
# seed gives no optimiser for the head: MotionBERT's head optimiser, AdamW
# lr 1e-3, wd 0.01 (train_action.py's lr_head), without MotionBERT's x0.99
# per epoch, replaced by the seed's step.
_base_ = ['./linear.py']
model = dict(
    neck=None,
    head=dict(_delete_=True, type='ActionHeadClassification',
              hidden_dim=2048, dropout_ratio=0.5))
optim_wrapper = dict(_delete_=True, optimizer=dict(
    type='AdamW', lr=1e-3, weight_decay=0.01))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[80], gamma=0.1)
]
train_cfg = dict(max_epochs=100)
# the head reads a per-joint representation (N, M, C, T, V)
protocol_cfg = dict(backbones=['DSTformer', 'SkeletonTransformer'])
