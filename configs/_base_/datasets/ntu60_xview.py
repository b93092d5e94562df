# NTU RGB+D 60, cross-view: the AimCLR / CrosSCLR preprocessed layout (50 frames,
# normalised), the default of the self-supervised configs.
# Expected tree (docs/datasets.md; `python tools/data/prepare_ntu.py
# --benchmark ntu60 --aimclr` writes it; the authors call the folder
# data/ntu60_frame50/xview/):
#   data/ntu60_aimclr/xview/train_position.npy  (N, 3, 50, 25, 2) float32
#   data/ntu60_aimclr/xview/train_label.pkl     (sample_names, labels)
#   data/ntu60_aimclr/xview/val_position.npy
#   data/ntu60_aimclr/xview/val_label.pkl
dataset_type = 'AimCLRDataset'
data_root = 'data/ntu60_aimclr/xview/'
num_classes = 60
train_dataset = dict(
    type=dataset_type,
    data_file=data_root + 'train_position.npy',
    label_file=data_root + 'train_label.pkl',
    num_classes=num_classes,
    layout='nturgb+d')
val_dataset = dict(
    type=dataset_type,
    data_file=data_root + 'val_position.npy',
    label_file=data_root + 'val_label.pkl',
    num_classes=num_classes,
    layout='nturgb+d')
# the data are already normalised and resized to 50 frames (method configs
# put `preprocess` in front of their pipelines)
preprocess = []
