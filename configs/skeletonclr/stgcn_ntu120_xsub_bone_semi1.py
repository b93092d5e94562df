# Semi-supervised evaluation (1 % labels) of SkeletonCLR on NTU RGB+D 120 cross-subject,
# bone stream.
_base_ = ['./stgcn_ntu120_xsub_bone_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
