# Semi-supervised evaluation (10 % labels) of AimCLR on NTU RGB+D 60 cross-subject,
# motion stream.
_base_ = ['./stgcn_ntu60_xsub_motion_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.1, subset_seed=0))
