# The built-in synthetic dataset (docs/synthetic.md), cross-subject split.
# It is raw (variable length, camera frame), so `preprocess` normalises it
# with AimCLRNormalize, in skelact's reading rather than the authors': joint
# 21 at the origin, ONE rotation from the first frame that puts the
# shoulders along x (rotation='first', before the resize), the frames up to
# the last one with data (length_rule='last') resized to 32 (to fit a
# 2-core CPU; the authors' NTU arrays have 50).
dataset_type = 'SyntheticDataset'
num_classes = 10
data_args = dict(num_classes=num_classes, seed=0)
train_dataset = dict(type=dataset_type, split='xsub_train', **data_args)
val_dataset = dict(type=dataset_type, split='xsub_val', **data_args)
preprocess = [
    dict(type='AimCLRNormalize', length=32, rotation='first',
         rotate_before_resize=True, length_rule='last'),
]
