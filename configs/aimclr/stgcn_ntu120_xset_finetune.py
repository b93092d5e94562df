# Fine-tuning of AimCLR on NTU RGB+D 120 cross-setup, joint stream: the linear
# protocol with every layer trainable (SGD 0.1, Nesterov, wd 1e-4).
_base_ = ['./stgcn_ntu120_xset_linear.py']
model = dict(frozen_backbone=False)
optim_wrapper = dict(
    optimizer=dict(lr=0.1, weight_decay=1e-4, nesterov=True))
