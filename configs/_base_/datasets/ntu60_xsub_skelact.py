# NTU RGB+D 60, cross-subject: skelact's own format
# (`python tools/data/prepare_ntu.py --benchmark ntu60`; see _skelact.py).
_base_ = './_skelact.py'
data_root = 'data/ntu60_skelact'
num_classes = 60
train_dataset = dict(
    ann_file=data_root, split='xsub_train', num_classes=num_classes)
val_dataset = dict(
    ann_file=data_root, split='xsub_val', num_classes=num_classes)
