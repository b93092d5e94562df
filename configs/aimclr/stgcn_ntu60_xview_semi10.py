# Semi-supervised evaluation of AimCLR on NTU RGB+D 60 cross-view, joint stream:
# fine-tuning on 10 % of the labels (class-balanced, fixed by the seed).
_base_ = ['./stgcn_ntu60_xview_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.1, subset_seed=0))
