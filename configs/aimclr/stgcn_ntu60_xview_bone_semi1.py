# Semi-supervised evaluation (1 % labels) of AimCLR on NTU RGB+D 60 cross-view,
# bone stream.
_base_ = ['./stgcn_ntu60_xview_bone_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
