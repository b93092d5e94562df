# AimCLR pretraining on NTU RGB+D 60 cross-view, joint stream (the paper's
# hyperparameters: SGD 0.1, wd 1e-4, x0.1 at 250, 300 epochs, batch 128).
_base_ = [
    '../_base_/recipes/aimclr_pretrain.py',
    '../_base_/datasets/ntu60_xview.py'
]
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
