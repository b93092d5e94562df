# Semi-supervised evaluation (10 % labels) of SkeletonCLR on NTU RGB+D 120 cross-setup,
# motion stream.
_base_ = ['./stgcn_ntu120_xset_motion_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.1, subset_seed=0))
