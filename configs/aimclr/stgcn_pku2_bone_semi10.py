# Semi-supervised evaluation (10 % labels) of AimCLR on PKU-MMD part II cross-subject,
# bone stream.
_base_ = ['./stgcn_pku2_bone_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.1, subset_seed=0))
