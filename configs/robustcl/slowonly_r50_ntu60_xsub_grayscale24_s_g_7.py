# Seed 002, Table III row S_G_7: the supervised baseline, PoseConv3D on
# grayscale images (NTU RGB+D 60 xsub, 24 frames; 8.6 top-1 on the validation
# set with noise alpha = 0.015, 88.7 clean in Table II). The same run as
# configs/posec3d/slowonly_r50_ntu60_xsub_grayscale24.py, kept here so that
# the seven rows of Table III train into work_dirs/robustcl/ and compare with
# one tools/analysis/robustness.py command (configs/robustcl/README.md).
_base_ = ['../posec3d/slowonly_r50_ntu60_xsub_grayscale24.py']
