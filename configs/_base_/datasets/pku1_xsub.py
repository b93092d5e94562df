# PKU-MMD part I, cross-subject: the AimCLR / CrosSCLR preprocessed layout (50 frames).
# Expected tree (`python tools/data/prepare_pku_mmd.py --part 1 --aimclr`
# writes it; the authors call the folder data/pku_part1_frame50/xsub/):
#   data/pku1_aimclr/xsub/train_position.npy  (N, 3, 50, 25, 2) float32
#   data/pku1_aimclr/xsub/train_label.pkl     (sample_names, labels)
#   data/pku1_aimclr/xsub/val_position.npy, val_label.pkl
dataset_type = 'AimCLRDataset'
data_root = 'data/pku1_aimclr/xsub/'
num_classes = 51
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
