# MBAimCLR pretraining on NTU RGB+D 120 cross-setup: AimCLR with a depth-4
# DSTformer, NNM off (configs/mbaimclr/README.md).
# Protocols: --protocol linear|knn|actionhead|semi1|semi10|finetune.
_base_ = ['../_base_/methods/mbaimclr.py', '../_base_/datasets/ntu120_xset.py']
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
