# Semi-supervised evaluation (1 % labels) of SkeletonCLR on NTU RGB+D 60 cross-subject,
# bone stream.
_base_ = ['./stgcn_ntu60_xsub_bone_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
