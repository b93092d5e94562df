# TransAimCLR pretraining on the built-in synthetic set (cross-subject),
# for CI: a narrow depth-1 skeleton transformer, NNM off, one epoch.
_base_ = ['../_base_/methods/transaimclr.py',
          '../_base_/datasets/synthetic_xsub.py']
model = dict(
    backbone=dict(dim_feat=16, depth=1, num_heads=2),
    projector=dict(in_channels=16, hidden_channels=16, out_channels=16),
    feature_dim=16,
    queue_size=64)
# the synthetic set's normalisation, resized straight to the method's 50
# frames (12 patches of 4, the last 2 frames not embedded, as MAMP)
preprocess = [dict(_base_.preprocess[0], length=_base_.num_frames)]
train_dataloader = dict(
    batch_size=32, num_workers=0, persistent_workers=False,
    dataset=dict(**_base_.train_dataset,
                 pipeline=preprocess + _base_.train_pipeline))
train_cfg = dict(max_epochs=1)
default_hooks = dict(checkpoint=dict(interval=1, max_keep_ckpts=1),
                     logger=dict(interval=5))
# no warm-up in a one-epoch run: MAMP's half-cosine from 1e-3 to 5e-4
param_scheduler = [dict(type='CosineAnnealingLR', eta_min=5e-4, by_epoch=True,
                        begin=0, end=1, T_max=1, convert_to_iter_based=True)]
