# NTU RGB+D 60, cross-view: the CTR-GCN / SGN .npz (x_train (N, 300, 150), one-hot
# y_train, x_test, y_test), made by CTR-GCN's data/ntu/seq_transformation.py:
#   data/ntu60_ctrgcn/NTU60_CV.npz
dataset_type = 'CTRGCNDataset'
ann_file = 'data/ntu60_ctrgcn/NTU60_CV.npz'
num_classes = 60
train_dataset = dict(
    type=dataset_type, ann_file=ann_file, split='train',
    num_classes=num_classes, layout='nturgb+d')
val_dataset = dict(
    type=dataset_type, ann_file=ann_file, split='test',
    num_classes=num_classes, layout='nturgb+d')
# raw coordinates, variable length: normalise as AimCLR / CrosSCLR did
# (spine-shoulder joint at the origin, shoulders along x, valid frames
# resized to 50); method configs put `preprocess` in front of their pipelines
preprocess = [
    dict(type='CenterJoint', joint=20),
    dict(type='AlignShoulders', mode='first'),
    dict(type='ResizeFrames', length=50),
]
