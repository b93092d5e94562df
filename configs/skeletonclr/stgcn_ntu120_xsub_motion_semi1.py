# Semi-supervised evaluation (1 % labels) of SkeletonCLR on NTU RGB+D 120 cross-subject,
# motion stream.
_base_ = ['./stgcn_ntu120_xsub_motion_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
