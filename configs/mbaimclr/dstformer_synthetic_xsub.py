# MBAimCLR pretraining on the built-in synthetic set (cross-subject), for
# CI: a narrow depth-1 DSTformer, NNM off, one short epoch; the AdamW
# reading of the optimiser (`optim_adamw`), which moves in one epoch.
_base_ = ['../_base_/methods/mbaimclr.py',
          '../_base_/datasets/synthetic_xsub.py']
model = dict(
    backbone=dict(dim_feat=16, dim_rep=16, depth=1, num_heads=2,
                  mlp_ratio=2),
    projector=dict(in_channels=16, hidden_channels=16, out_channels=16),
    feature_dim=16,
    queue_size=64)
train_dataloader = dict(
    batch_size=32, num_workers=0, persistent_workers=False,
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
train_cfg = dict(max_epochs=1)
default_hooks = dict(checkpoint=dict(interval=1, max_keep_ckpts=1),
                     logger=dict(interval=5))
optim_wrapper = _base_.optim_adamw
