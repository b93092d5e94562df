# PKU-MMD part I, cross-view: the AimCLR / CrosSCLR 50-frame arrays
# (`python tools/data/prepare_pku_mmd.py --part 1 --aimclr`; see _aimclr.py).
_base_ = './_aimclr.py'
data_root = 'data/pku1_aimclr/xview/'
num_classes = 51
train_dataset = dict(data_root=data_root, num_classes=num_classes)
val_dataset = dict(data_root=data_root, num_classes=num_classes)
