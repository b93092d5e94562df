# PKU-MMD part I, cross-view: skelact's own format
# (`python tools/data/prepare_pku_mmd.py --part 1`; see _skelact.py).
_base_ = './_skelact.py'
data_root = 'data/pku1_skelact'
num_classes = 51
train_dataset = dict(
    ann_file=data_root, split='xview_train', num_classes=num_classes)
val_dataset = dict(
    ann_file=data_root, split='xview_val', num_classes=num_classes)
