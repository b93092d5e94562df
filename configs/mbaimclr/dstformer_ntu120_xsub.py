# MBAimCLR pretraining on NTU RGB+D 120 cross-subject: AimCLR with a depth-4
# DSTformer at MotionBERT's width (512, MLP 2), NNM off, 15 epochs (seed 000,
# Table 1). Optimiser: the report's reading, SGD (momentum 0.9) with
# MotionBERT's lr 5e-4, wd 0.01, x0.99 per epoch (`optim_sgd`;
# dstformer_ntu120_xsub_adamw.py is MotionBERT's AdamW).
# configs/mbaimclr/README.md.
# Protocols: --protocol linear|knn|actionhead|semi1|semi10|finetune.
_base_ = ['../_base_/methods/mbaimclr.py',
          '../_base_/datasets/ntu120_xsub.py']
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
train_cfg = dict(max_epochs=15)
