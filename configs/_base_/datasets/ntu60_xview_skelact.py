# NTU RGB+D 60, cross-view: skelact's own memory-mapped format (raw coordinates,
# variable length, denoised, at most 2 persons). One folder holds every
# split of the benchmark; `python tools/data/prepare_ntu.py --benchmark ntu60`
# writes it (docs/datasets.md):
#   data/ntu60_skelact/{meta.json, keypoint.npy, index.npz, splits.npz}
dataset_type = 'SkelactDataset'
data_root = 'data/ntu60_skelact'
num_classes = 60
train_dataset = dict(
    type=dataset_type, ann_file=data_root, split='xview_train',
    num_classes=num_classes, layout='nturgb+d')
val_dataset = dict(
    type=dataset_type, ann_file=data_root, split='xview_val',
    num_classes=num_classes, layout='nturgb+d')
# raw coordinates, variable length: normalise as AimCLR / CrosSCLR did
# (spine-shoulder joint at the origin, shoulders along x, valid frames
# resized to 50); method configs put `preprocess` in front of their pipelines
preprocess = [
    dict(type='CenterJoint', joint=20),
    dict(type='AlignShoulders', mode='first'),
    dict(type='ResizeFrames', length=50),
]
