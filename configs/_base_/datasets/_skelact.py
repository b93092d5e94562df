# skelact's own memory-mapped format (raw coordinates, variable length,
# denoised, at most 2 persons); a split file sets `data_root`, the split
# names and `num_classes`. One folder holds every split of a benchmark;
# `python tools/data/prepare_ntu.py` / `prepare_pku_mmd.py` writes it
# (docs/datasets.md):
#   <data_root>/{meta.json, keypoint.npy, index.npz, splits.npz}
dataset_type = 'SkelactDataset'
train_dataset = dict(type=dataset_type, layout='nturgb+d')
val_dataset = dict(type=dataset_type, layout='nturgb+d')
# raw coordinates, variable length: `preprocess` normalises them as the
# AimCLR / CrosSCLR authors prepared NTU RGB+D (AimCLRNormalize with its
# defaults, the authors' reading: each person's spine-shoulder joint at the
# origin, the valid frames resized to 50, then the shoulders turned onto x
# in every frame). Method configs put `preprocess` in front of their
# pipelines.
preprocess = [dict(type='AimCLRNormalize')]
