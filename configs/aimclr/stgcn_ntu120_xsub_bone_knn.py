# KNN evaluation of AimCLR on NTU RGB+D 120 cross-subject, bone stream.
_base_ = ['./stgcn_ntu120_xsub_knn.py']
model = dict(data_preprocessor=dict(stream='bone'))
