# Supervised quarter-width ST-GCN from scratch on NTU RGB+D 60 cross-view,
# motion stream.
_base_ = ['./stgcn-quarter_ntu60_xview.py']
model = dict(data_preprocessor=dict(stream='motion'))
