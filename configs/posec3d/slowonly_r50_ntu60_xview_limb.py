# PoseConv3D, pyskl's recipe: NTU RGB+D 60 cross-view, limb heatmaps
# (pyskl: 96.0 top-1).
_base_ = ['./slowonly_r50_ntu60_xsub_limb.py']
train_dataloader = dict(dataset=dict(dataset=dict(split='xview_train')))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = dict(dataset=dict(split='xview_val'))
