# NTU RGB+D 120, cross-subject: skelact's own format
# (`python tools/data/prepare_ntu.py --benchmark ntu120`; see _skelact.py).
_base_ = './_skelact.py'
data_root = 'data/ntu120_skelact'
num_classes = 120
train_dataset = dict(
    ann_file=data_root, split='xsub_train', num_classes=num_classes)
val_dataset = dict(
    ann_file=data_root, split='xsub_val', num_classes=num_classes)
