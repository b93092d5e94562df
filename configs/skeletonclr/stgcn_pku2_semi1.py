# Semi-supervised evaluation of SkeletonCLR on PKU-MMD part II cross-subject, joint stream:
# fine-tuning on 1 % of the labels (class-balanced, fixed by the seed).
_base_ = ['./stgcn_pku2_finetune.py']
train_dataloader = dict(dataset=dict(label_fraction=0.01, subset_seed=0))
