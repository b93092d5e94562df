# NTU RGB+D 60, cross-view: the pyskl / mmaction2 3D annotation pickle (downloaded
# from pyskl, or `python tools/data/prepare_ntu.py --benchmark ntu60 --pyskl`):
#   data/ntu60_pyskl/ntu60_3danno.pkl
# For the 2D HRNet file (ntu*_hrnet.pkl) set layout='coco'.
dataset_type = 'PysklDataset'
ann_file = 'data/ntu60_pyskl/ntu60_3danno.pkl'
num_classes = 60
train_dataset = dict(
    type=dataset_type, ann_file=ann_file, split='xview_train',
    num_classes=num_classes, layout='nturgb+d')
val_dataset = dict(
    type=dataset_type, ann_file=ann_file, split='xview_val',
    num_classes=num_classes, layout='nturgb+d')
# raw coordinates, variable length: normalise as AimCLR / CrosSCLR did
# (spine-shoulder joint at the origin, shoulders along x, valid frames
# resized to 50); method configs put `preprocess` in front of their pipelines
preprocess = [
    dict(type='CenterJoint', joint=20),
    dict(type='AlignShoulders', mode='first'),
    dict(type='ResizeFrames', length=50),
]
