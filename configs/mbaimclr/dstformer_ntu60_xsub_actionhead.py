# MBAimCLR evaluation with MotionBERT's action head on NTU RGB+D 60 cross-subject:
# the linear protocol's frozen pretrained DSTformer (eval mode), no pooling
# neck, the action head (mean over frames, joints x features, mean over
# persons, MLP with BN) trained with MotionBERT's head optimiser (AdamW
# 1e-3, wd 0.01, x0.99 per epoch).
_base_ = ['./dstformer_ntu60_xsub_linear.py']
model = dict(
    neck=None,
    head=dict(_delete_=True, type='ActionHeadClassification',
              num_classes=_base_.num_classes, dim_rep=_base_.feat_dim,
              num_joints=25, hidden_dim=2048, dropout_ratio=0.5))
optim_wrapper = dict(_delete_=True, optimizer=dict(
    type='AdamW', lr=1e-3, weight_decay=0.01))
param_scheduler = [dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
