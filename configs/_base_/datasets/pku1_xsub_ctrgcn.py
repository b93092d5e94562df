# PKU-MMD part I, cross-subject, in the CTR-GCN .npz layout (x_train
# (N, 300, 150), one-hot y_train, x_test, y_test; see _ctrgcn.py), as MAMP's
# data/pku_v1/pku_gendata.py writes it (PKUv1_XSub.npz: 51 classes, raw
# camera coordinates zero-padded to 300 frames).
_base_ = './_ctrgcn.py'
ann_file = 'data/pku1_ctrgcn/PKUv1_XSub.npz'
num_classes = 51
train_dataset = dict(ann_file=ann_file, num_classes=num_classes)
val_dataset = dict(ann_file=ann_file, num_classes=num_classes)
