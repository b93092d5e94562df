# ConMLP (NT-Xent) on the built-in synthetic set (cross-subject), sized for
# a 2-core CPU and CI: the synthetic base's 32 normalised frames x 2
# persons (4,800 inputs), the method's views and loss, a short iteration
# schedule with a larger learning rate than the paper's 1e-3 (which needs
# its 5000 iterations). Evaluate with --protocol linear (the authors'
# linear classifier: 100 iterations of 256) or knn; `--checkpoint none`
# gives the random-encoder baseline.
_base_ = ['../_base_/methods/conmlp.py',
          '../_base_/datasets/synthetic_xsub.py']
max_iters = 150
model = dict(backbone=dict(num_frames=32))
train_dataloader = dict(
    batch_size=64, num_workers=2,
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
optim_wrapper = dict(optimizer=dict(lr=0.05))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=0.05 * 0.1**3,
         by_epoch=False)
]
train_cfg = dict(max_iters=max_iters)
default_hooks = dict(checkpoint=dict(interval=max_iters),
                     logger=dict(interval=10))
