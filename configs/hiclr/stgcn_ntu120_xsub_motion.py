# HiCLR pretraining on NTU RGB+D 120 cross-subject, motion stream.
_base_ = ['./stgcn_ntu120_xsub.py']
model = dict(data_preprocessor=dict(stream='motion'))
