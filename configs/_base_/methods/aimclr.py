# AimCLR (Guo et al., AAAI 2022) = SkeletonCLR + extreme views, EADM, D3M
# and NNM: views [extreme, query, key]; two-stage training: L1 for the
# first 150 epochs, NNM (L2) from the 151st on (the paper and the authors'
# code, whose 1-based `epoch <= mining_epoch` trains L1).
_base_ = ['./skeletonclr.py']
model = dict(
    type='AimCLR',
    eadm=dict(type='EADM', keep_prob=0.7, e_lambda=1e-4),
    d3m_loss=dict(type='D3MLoss'),
    alpha=0.5,
    beta=0.5,
    nnm_topk=1,
    mining_epoch=150,
    # NNM's multi-positive loss: the released code's mean of -log p over
    # the positives ('mean_log_prob', which trained the released weights);
    # 'log_sum_prob' is the paper's Eq. 9, -log of their summed probability
    loss=dict(type='InfoNCELoss', multi_positive='mean_log_prob'))
# The authors' weights_init (processor/pretrain.py), applied to the whole
# model after it is built: Conv / Linear N(0, 0.02), bias 0; BatchNorm
# weight N(1, 0.02), bias 0; the key encoder gets its own draw (MoCo's
# key_encoder_init='copy' starts it as a copy of the query). The ST-GCN
# reproduction configs (configs/aimclr/stgcn_<dataset>.py) use it as
# `model = dict(**_base_.authors_init)`; encoders with their own init
# (MBAimCLR's DSTformer, TransAimCLR's transformer) do not.
authors_init = dict(
    init_cfg=[
        dict(type='Normal', layer=['Conv1d', 'Conv2d', 'Linear'], mean=0.0,
             std=0.02, bias=0.0),
        dict(type='Normal', layer=['BatchNorm1d', 'BatchNorm2d'], mean=1.0,
             std=0.02, bias=0.0),
    ],
    key_encoder_init='independent')
# the extreme view: the released code's 7 augmentations (aug_method='12345',
# no temporal flip); the paper's 8 are _base_.extreme_aug_paper
# (configs/_base_/pipelines/contrastive_views.py)
train_pipeline = [
    dict(type='MultiView',
         transforms=[_base_.extreme_aug_code, _base_.normal_aug],
         num_views=[1, 2]),
    dict(type='PackSkeletonInputs'),
]
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='NNMSwitchHook'),  # at the model's mining_epoch
    dict(type='RNGStateHook'),
]
# Table 3 of the paper evaluates the 100 / 150 / 200 / 300-epoch encoders:
# those checkpoints stay beside the rotation of the last 3
default_hooks = dict(checkpoint=dict(save_epochs=[100, 150, 200, 300]))
