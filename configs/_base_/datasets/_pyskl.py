# The pyskl / mmaction2 3D annotation pickle (downloaded from pyskl, or
# `python tools/data/prepare_ntu.py --pyskl`); a split file sets
# `ann_file`, the split names and `num_classes`:
#   data/ntu60_pyskl/ntu60_3danno.pkl
# For the 2D HRNet file (ntu*_hrnet.pkl) set layout='coco'.
dataset_type = 'PysklDataset'
train_dataset = dict(type=dataset_type, layout='nturgb+d')
val_dataset = dict(type=dataset_type, layout='nturgb+d')
# raw coordinates, variable length: `preprocess` normalises them as the
# AimCLR / CrosSCLR authors prepared NTU RGB+D (AimCLRNormalize with its
# defaults, the authors' reading: each person's spine-shoulder joint at the
# origin, the valid frames resized to 50, then the shoulders turned onto x
# in every frame). Method configs put `preprocess` in front of their
# pipelines.
preprocess = [dict(type='AimCLRNormalize')]
