# KNN evaluation (k=20, cosine, temperature-weighted votes) of
# configs/aimclr/stgcn_synthetic_xsub.py; no training:
#   python tools/test.py THIS_CONFIG PRETRAINING_CHECKPOINT
_base_ = ['../_base_/recipes/knn.py', '../_base_/datasets/synthetic_xsub.py']
model = dict(backbone=dict(hidden_dim=64))
_eval_pipeline = _base_.preprocess + _base_.eval_pipeline
test_dataloader = dict(
    batch_size=64, num_workers=2,
    dataset=dict(**_base_.val_dataset, pipeline=_eval_pipeline,
                 test_mode=True))
test_cfg = dict(
    train_dataloader=dict(
        batch_size=64, num_workers=2,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(**_base_.train_dataset, pipeline=_eval_pipeline,
                     test_mode=True)))
