# 3s-CrosSCLR (one model, joint + motion + bone) pretraining on NTU RGB+D 120
# cross-subject (configs/crossclr/README.md); protocols: --protocol linear,
# knn, semi1, semi10 or finetune (the head averages the three streams'
# logits).
_base_ = ['../_base_/methods/crossclr.py',
          '../_base_/datasets/ntu120_xsub.py']
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
