# Semi-supervised evaluation (10 % labels) of AimCLR on NTU RGB+D 120 cross-setup,
# bone stream.
_base_ = ['./stgcn_ntu120_xset_bone_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.1, subset_seed=0))
