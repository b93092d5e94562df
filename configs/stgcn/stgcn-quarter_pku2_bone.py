# Supervised quarter-width ST-GCN from scratch on PKU-MMD part II cross-
# subject, bone stream.
_base_ = ['./stgcn-quarter_pku2.py']
model = dict(data_preprocessor=dict(stream='bone'))
