# Supervised quarter-width ST-GCN from scratch on NTU RGB+D 120 cross-subject,
# motion stream.
_base_ = ['./stgcn-quarter_ntu120_xsub.py']
model = dict(data_preprocessor=dict(stream='motion'))
