# HiCLR pretraining on PKU-MMD part II cross-subject, motion stream.
_base_ = ['./stgcn_pku2.py']
model = dict(data_preprocessor=dict(stream='motion'))
