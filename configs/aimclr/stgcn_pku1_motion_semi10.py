# Semi-supervised evaluation (10 % labels) of AimCLR on PKU-MMD part I cross-subject,
# motion stream.
_base_ = ['./stgcn_pku1_motion_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.1, subset_seed=0))
