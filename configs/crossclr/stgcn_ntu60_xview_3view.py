# 3s-CrosSCLR (one model, joint + motion + bone) pretraining on NTU RGB+D 60
# cross-view (configs/crossclr/README.md); protocols: --protocol linear, knn,
# semi1, semi10 or finetune (the head averages the three streams' logits).
_base_ = ['../_base_/methods/crossclr.py',
          '../_base_/datasets/ntu60_xview.py']
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
