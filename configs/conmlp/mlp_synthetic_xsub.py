# ConMLP (NT-Xent) on the built-in synthetic set (cross-subject) in its
# HARD setting (viewpoint, body size, tempo, sensor noise, occlusion,
# distractor motion: docs/synthetic.md), sized for a 2-core CPU:
# the synthetic base's 24 normalised frames x 2 persons (3,600 inputs), the
# method's views and loss, a 64-wide encoder, 400 iterations of 64 with a
# larger learning rate than the paper's 1e-3 (which needs its 5000
# iterations of 512). On the clean set a random projection of the raw
# joints is already as good as pretraining (configs/conmlp/README.md).
# Evaluate with --protocol linear (the authors' linear classifier: 100
# iterations of 256), linear_probe or knn; `--checkpoint none` gives the
# random-encoder baseline (benchmarks/conmlp_synthetic_linear.py runs both).
_base_ = ['../_base_/methods/conmlp.py',
          '../_base_/datasets/synthetic_hard_xsub.py']
max_iters = 400
lr = 0.01
model = dict(backbone=dict(num_frames=24, hidden_dim=64),
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
                     logger=dict(interval=50))
