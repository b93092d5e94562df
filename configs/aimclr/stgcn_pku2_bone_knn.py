# KNN evaluation of AimCLR on PKU-MMD part II cross-subject, bone stream.
_base_ = ['./stgcn_pku2_knn.py']
model = dict(data_preprocessor=dict(stream='bone'))
