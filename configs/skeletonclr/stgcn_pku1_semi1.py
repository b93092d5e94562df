# Semi-supervised evaluation of SkeletonCLR on PKU-MMD part I cross-subject, joint stream:
# fine-tuning on 1 % of the labels (class-balanced, fixed by the seed).
_base_ = ['./stgcn_pku1_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
