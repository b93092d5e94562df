# graph2vec + LSTM on the synthetic set, cross-view, 8 single-person
# classes: the NTU recipe (Adam 1e-3, dropout 0.2) at CPU size -- one
# 128-unit layer (dropout then before the classifier), batch 32, 30 epochs.
# Embed first (see _base_/datasets/synthetic_xview_graph2vec.py).
_base_ = ['../_base_/methods/graph2vec_rnn.py',
          '../_base_/datasets/synthetic_xview_graph2vec.py']
model = dict(
    backbone=dict(hidden_channels=128, num_layers=1),
    head=dict(num_classes=_base_.num_classes, in_channels=128, dropout=0.2))
train_dataloader = dict(batch_size=32,
                        dataset=dict(**_base_.train_dataset,
                                     pipeline=_base_.train_pipeline))
val_dataloader = dict(batch_size=64,
                      dataset=dict(**_base_.val_dataset,
                                   pipeline=_base_.eval_pipeline,
                                   test_mode=True))
test_dataloader = val_dataloader
max_epochs = 30
train_cfg = dict(max_epochs=max_epochs, val_interval=10)
