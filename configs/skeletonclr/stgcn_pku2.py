# SkeletonCLR pretraining on PKU-MMD part II cross-subject, joint stream
# (configs/skeletonclr/README.md); protocols: --protocol linear, knn,
# semi1, semi10 or finetune.
_base_ = ['../_base_/methods/skeletonclr.py',
          '../_base_/datasets/pku2_xsub.py']
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
