# NTU RGB+D 60, cross-view: the pyskl 3D annotation pickle (see _pyskl.py).
_base_ = './_pyskl.py'
ann_file = 'data/ntu60_pyskl/ntu60_3danno.pkl'
num_classes = 60
train_dataset = dict(
    ann_file=ann_file, split='xview_train', num_classes=num_classes)
val_dataset = dict(
    ann_file=ann_file, split='xview_val', num_classes=num_classes)
