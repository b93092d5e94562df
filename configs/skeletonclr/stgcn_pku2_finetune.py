# Fine-tuning of SkeletonCLR on PKU-MMD part II cross-subject, joint stream: the linear
# protocol with every layer trainable (SGD 0.1, Nesterov, wd 1e-4).
_base_ = ['./stgcn_pku2_linear.py']
model = dict(frozen_backbone=False)
optim_wrapper = dict(
    optimizer=dict(lr=0.1, weight_decay=1e-4, nesterov=True))
