# ConMLP (NT-Xent) on the built-in synthetic set (cross-subject), sized for
# a 2-core CPU and CI: the synthetic base's 32 normalised frames x 2
# persons (4,800 inputs), the method's views and loss, a 64-wide encoder,
# a short iteration schedule with a larger learning rate than the paper's
# 1e-3 (which needs its 5000 iterations). Evaluate with --protocol linear
# (the authors' linear classifier: 100 iterations of 256) or knn;
# `--checkpoint none` gives the random-encoder baseline
# (benchmarks/conmlp_synthetic_linear.py runs both).
_base_ = ['../_base_/methods/conmlp.py',
          '../_base_/datasets/synthetic_xsub.py']
max_iters = 100
lr = 0.01
model = dict(backbone=dict(num_frames=32, hidden_dim=64),
             projector=dict(in_channels=64))
train_dataloader = dict(
    batch_size=64, num_workers=2,
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
optim_wrapper = dict(optimizer=dict(lr=lr))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=lr * 0.1**3,
         by_epoch=False)
]
train_cfg = dict(max_iters=max_iters)
default_hooks = dict(checkpoint=dict(interval=max_iters),
                     logger=dict(interval=10))
