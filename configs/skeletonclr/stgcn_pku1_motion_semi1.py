# Semi-supervised evaluation (1 % labels) of SkeletonCLR on PKU-MMD part I cross-subject,
# motion stream.
_base_ = ['./stgcn_pku1_motion_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
