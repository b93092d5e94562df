# NTU RGB+D 60, cross-subject: the AimCLR / CrosSCLR 50-frame arrays
# (`python tools/data/prepare_ntu.py --benchmark ntu60 --aimclr`; see _aimclr.py).
_base_ = './_aimclr.py'
data_root = 'data/ntu60_aimclr/xsub/'
num_classes = 60
train_dataset = dict(data_root=data_root, num_classes=num_classes)
val_dataset = dict(data_root=data_root, num_classes=num_classes)
