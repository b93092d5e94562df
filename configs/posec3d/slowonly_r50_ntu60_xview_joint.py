# PoseConv3D, pyskl's recipe: NTU RGB+D 60 cross-view, keypoint heatmaps
# (pyskl: 96.5 top-1).
_base_ = ['../_base_/methods/posec3d.py']
train_dataloader = dict(dataset=dict(dataset=dict(split='xview_train')))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = dict(dataset=dict(split='xview_val'))
