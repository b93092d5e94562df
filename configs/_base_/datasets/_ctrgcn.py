# The CTR-GCN / SGN .npz (x_train (N, 300, 150), one-hot y_train, x_test,
# y_test), made by CTR-GCN's data/ntu*/seq_transformation.py; a split file
# sets `ann_file` and `num_classes`:
#   data/ntu60_ctrgcn/NTU60_CS.npz
dataset_type = 'CTRGCNDataset'
train_dataset = dict(type=dataset_type, split='train', layout='nturgb+d')
val_dataset = dict(type=dataset_type, split='test', layout='nturgb+d')
# raw coordinates, variable length: `preprocess` normalises them as the
# AimCLR / CrosSCLR authors prepared NTU RGB+D (AimCLRNormalize with its
# defaults, the authors' reading: each person's spine-shoulder joint at the
# origin, the valid frames resized to 50, then the shoulders turned onto x
# in every frame). Method configs put `preprocess` in front of their
# pipelines.
preprocess = [dict(type='AimCLRNormalize')]
