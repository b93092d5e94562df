# 3s-CrosSCLR (one model, joint + motion + bone) pretraining on PKU-MMD part
# I (configs/crossclr/README.md); protocols: --protocol linear, knn, semi1,
# semi10 or finetune (the head averages the three streams' logits).
_base_ = ['../_base_/methods/crossclr.py',
          '../_base_/datasets/pku1_xsub.py']
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
