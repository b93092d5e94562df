# KNN evaluation of AimCLR on NTU RGB+D 120 cross-setup, joint stream (k=20,
# temperature-weighted cosine votes; no training):
#   python tools/test.py THIS_CONFIG PRETRAINING_CHECKPOINT
_base_ = ['../_base_/recipes/knn.py', '../_base_/datasets/ntu120_xset.py']
_eval_pipeline = _base_.preprocess + _base_.eval_pipeline
test_dataloader = dict(
    dataset=dict(**_base_.val_dataset, pipeline=_eval_pipeline,
                 test_mode=True))
test_cfg = dict(
    train_dataloader=dict(
        batch_size=128, num_workers=4,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(**_base_.train_dataset, pipeline=_eval_pipeline,
                     test_mode=True)))
