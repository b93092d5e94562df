# KNN evaluation of AimCLR on PKU-MMD part I cross-subject, motion stream.
_base_ = ['./stgcn_pku1_knn.py']
model = dict(data_preprocessor=dict(stream='motion'))
