# PKU-MMD part II, cross-subject: skelact's own format
# (`python tools/data/prepare_pku_mmd.py --part 2`; see _skelact.py).
_base_ = './_skelact.py'
data_root = 'data/pku2_skelact'
num_classes = 51
train_dataset = dict(
    ann_file=data_root, split='xsub_train', num_classes=num_classes)
val_dataset = dict(
    ann_file=data_root, split='xsub_val', num_classes=num_classes)
