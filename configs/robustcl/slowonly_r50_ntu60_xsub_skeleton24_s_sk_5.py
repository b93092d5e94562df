# Seed 002, Table III row S_Sk_5: the supervised baseline, PoseConv3D on
# skeletons (NTU RGB+D 60 xsub, 24 frames; 53.5 top-1 on the validation
# set with noise alpha = 0.015, 87.5 clean in Table II). The same run as
# configs/posec3d/slowonly_r50_ntu60_xsub_skeleton24.py, kept here so that
# the seven rows of Table III train into work_dirs/robustcl/ and compare with
# one tools/analysis/robustness.py command (configs/robustcl/README.md).
_base_ = ['../posec3d/slowonly_r50_ntu60_xsub_skeleton24.py']
