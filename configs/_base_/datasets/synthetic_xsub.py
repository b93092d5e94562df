# The built-in synthetic dataset (docs/synthetic.md), cross-subject split.
# It is raw (variable length, camera frame), so `preprocess` normalises it
# the way the AimCLR authors preprocessed NTU RGB+D: joint 21 at the origin,
# shoulders along x, valid frames resized to a fixed length (32 here, to
# fit a 2-core CPU; the authors' NTU arrays have 50).
dataset_type = 'SyntheticDataset'
num_classes = 10
data_args = dict(num_classes=num_classes, seed=0)
train_dataset = dict(type=dataset_type, split='xsub_train', **data_args)
val_dataset = dict(type=dataset_type, split='xsub_val', **data_args)
preprocess = [
    dict(type='CenterJoint', joint=20),
    dict(type='AlignShoulders', mode='first'),
    dict(type='ResizeFrames', length=32),
]
