# NTU RGB+D 120, cross-setup: the CTR-GCN .npz (see _ctrgcn.py).
_base_ = './_ctrgcn.py'
ann_file = 'data/ntu120_ctrgcn/NTU120_CSet.npz'
num_classes = 120
train_dataset = dict(ann_file=ann_file, num_classes=num_classes)
val_dataset = dict(ann_file=ann_file, num_classes=num_classes)
