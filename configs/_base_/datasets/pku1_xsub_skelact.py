# PKU-MMD part I, cross-subject: skelact's own format, action clips cut from the
# per-video skeleton files (`python tools/data/prepare_pku_mmd.py --part
# 1`, docs/datasets.md):
#   data/pku1_skelact/{meta.json, keypoint.npy, index.npz, splits.npz}
dataset_type = 'SkelactDataset'
data_root = 'data/pku1_skelact'
num_classes = 51
train_dataset = dict(
    type=dataset_type, ann_file=data_root, split='xsub_train',
    num_classes=num_classes, layout='nturgb+d')
val_dataset = dict(
    type=dataset_type, ann_file=data_root, split='xsub_val',
    num_classes=num_classes, layout='nturgb+d')
# raw coordinates, variable length: normalise as AimCLR / CrosSCLR did
# (spine-shoulder joint at the origin, shoulders along x, valid frames
# resized to 50); method configs put `preprocess` in front of their pipelines
preprocess = [
    dict(type='CenterJoint', joint=20),
    dict(type='AlignShoulders', mode='first'),
    dict(type='ResizeFrames', length=50),
]
