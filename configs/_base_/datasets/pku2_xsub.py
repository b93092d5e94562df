# PKU-MMD part II, cross-subject: the AimCLR / CrosSCLR 50-frame arrays
# (`python tools/data/prepare_pku_mmd.py --part 2 --aimclr`; see _aimclr.py).
_base_ = './_aimclr.py'
data_root = 'data/pku2_aimclr/xsub/'
num_classes = 51
train_dataset = dict(data_root=data_root, num_classes=num_classes)
val_dataset = dict(data_root=data_root, num_classes=num_classes)
