# HiCLR augmentation arrangement (seed 001, "Results on Augmentation
# Arrangement"), k = 3: BA, NA, Drop/Add Edges (77.2); NTU-60 xsub, joint.
# Each branch grows the previous one; views [branch 0, key, branch 1, ...].
_base_ = ['./stgcn_ntu60_xsub.py']
model = dict(branches=['basic', 'normal', 'normal+dae'])
train_pipeline = [
    dict(type='MultiView',
         transforms=[_base_.hiclr_basic_aug, _base_.hiclr_normal_aug],
         num_views=[2, 2]),
    dict(type='PackSkeletonInputs'),
]
train_dataloader = dict(
    dataset=dict(pipeline=_base_.preprocess + train_pipeline))
