# 3s-AimCLR§ (AimCLR paper, Tables 3-6, rows marked §: "using the
# cross-stream knowledge mining strategy proposed in 3s-CrosSCLR"): the
# CrosSCLR 3-view model with AimCLR's views [extreme, query, key] and D3M
# terms (EADM keep_prob 0.7, weights 1/2 + 1/2) in every stream; stage 2
# (after epoch 150) replaces InfoNCE by CrosSCLR's cross-view loss instead of
# NNM. No authors' code exists for these rows: skelact's reading, with MoCo's
# momentum update (momentum_mode='all'), not CrosSCLR's stage-2 quirk.
_base_ = ['./crossclr.py']
model = dict(
    type='CrossStreamAimCLR',
    eadm=dict(type='EADM', keep_prob=0.7, e_lambda=1e-4),
    d3m_loss=dict(type='D3MLoss'),
    alpha=0.5,
    beta=0.5,
    momentum_mode='all')
train_pipeline = [
    dict(type='MultiView', transforms=[_base_.extreme_aug, _base_.normal_aug],
         num_views=[1, 2]),
    dict(type='PackSkeletonInputs'),
]
