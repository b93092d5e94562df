# HiCLR pretraining on NTU RGB+D 60 cross-subject, motion stream.
_base_ = ['./stgcn_ntu60_xsub.py']
model = dict(data_preprocessor=dict(stream='motion'))
