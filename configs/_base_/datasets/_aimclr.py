# The AimCLR / CrosSCLR preprocessed layout (50 frames, normalised), the
# default of the self-supervised configs; a split file sets `data_root` and
# `num_classes`. Expected tree of a benchmark folder (docs/datasets.md;
# `python tools/data/prepare_ntu.py --aimclr` or `prepare_pku_mmd.py
# --aimclr` writes it; the authors call the folder
# data/ntu60_frame50/xsub/):
#   <data_root>/train_position.npy  (N, 3, 50, 25, 2) float32
#   <data_root>/train_label.pkl     (sample_names, labels)
#   <data_root>/val_position.npy, val_label.pkl
dataset_type = 'AimCLRDataset'
train_dataset = dict(type=dataset_type, split='train', layout='nturgb+d')
val_dataset = dict(type=dataset_type, split='val', layout='nturgb+d')
# the arrays are already normalised the authors' way (AimCLRNormalize with
# its defaults, rotation in every frame) and resized to 50 frames; method
# configs put `preprocess` in front of their pipelines
preprocess = []
