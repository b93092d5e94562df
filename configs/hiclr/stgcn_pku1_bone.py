# HiCLR pretraining on PKU-MMD part I cross-subject, bone stream.
_base_ = ['./stgcn_pku1.py']
model = dict(data_preprocessor=dict(stream='bone'))
