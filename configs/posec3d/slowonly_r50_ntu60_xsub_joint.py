# PoseConv3D, pyskl's recipe: NTU RGB+D 60 cross-subject, keypoint
# heatmaps (pyskl: 93.7 top-1). Everything in _base_/methods/posec3d.py.
_base_ = ['../_base_/methods/posec3d.py']
