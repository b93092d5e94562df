# NTU RGB+D 120, cross-subject: the pyskl 3D annotation pickle (see _pyskl.py).
_base_ = './_pyskl.py'
ann_file = 'data/ntu120_pyskl/ntu120_3danno.pkl'
num_classes = 120
train_dataset = dict(
    ann_file=ann_file, split='xsub_train', num_classes=num_classes)
val_dataset = dict(
    ann_file=ann_file, split='xsub_val', num_classes=num_classes)
