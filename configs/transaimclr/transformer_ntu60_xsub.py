# TransAimCLR pretraining on NTU RGB+D 60 cross-subject: AimCLR with a
# vanilla skeleton transformer, NNM off (configs/transaimclr/README.md).
# Protocols: --protocol linear|knn|actionhead|semi1|semi10|finetune.
_base_ = ['../_base_/methods/transaimclr.py',
          '../_base_/datasets/ntu60_xsub.py']
preprocess = _base_.preprocess + _base_.resize_to_patches
train_dataloader = dict(dataset=dict(
    **_base_.train_dataset, pipeline=preprocess + _base_.train_pipeline))
