# graph2vec + GRU on NTU RGB+D 60 cross-view, 49 classes (seed 004,
# Table 5.1: 49.96 top-1): the LSTM config with a GRU.
_base_ = ['./lstm_ntu60_xview.py']
model = dict(backbone=dict(type='GRUEncoder'))
