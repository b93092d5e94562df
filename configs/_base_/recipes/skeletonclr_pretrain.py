# SkeletonCLR pretraining: two normal views [query, key]. A concrete config
# adds a dataset base and sets train_dataloader.dataset.
_base_ = ['./contrastive_pretrain.py', '../models/skeletonclr_stgcn.py']
train_pipeline = [
    dict(type='MultiView', transforms=[_base_.normal_aug], num_views=2),
    dict(type='PackSkeletonInputs'),
]
