# graph2vec + GRU on the synthetic set, cross-view (the LSTM config with a
# GRU).
_base_ = ['./lstm_synthetic_xview.py']
model = dict(backbone=dict(type='GRUEncoder'))
