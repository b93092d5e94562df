# Supervised quarter-width ST-GCN from scratch on PKU-MMD part I cross-subject,
# motion stream.
_base_ = ['./stgcn-quarter_pku1.py']
model = dict(data_preprocessor=dict(stream='motion'))
