# NTU RGB+D 60, cross-view: the CTR-GCN .npz (see _ctrgcn.py).
_base_ = './_ctrgcn.py'
ann_file = 'data/ntu60_ctrgcn/NTU60_CV.npz'
num_classes = 60
train_dataset = dict(ann_file=ann_file, num_classes=num_classes)
val_dataset = dict(ann_file=ann_file, num_classes=num_classes)
