# graph2vec + LSTM on NTU RGB+D 60 cross-view, 49 classes (seed 004,
# Table 5.1: 62.67 top-1). Embeddings: tools/data/embed_graph2vec.py
# (configs/graph2vec/README.md).
_base_ = ['../_base_/methods/graph2vec_rnn.py',
          '../_base_/datasets/ntu60_xview_graph2vec.py']
model = dict(head=dict(num_classes=_base_.num_classes))
train_dataloader = dict(dataset=dict(**_base_.train_dataset,
                                     pipeline=_base_.train_pipeline))
val_dataloader = dict(dataset=dict(**_base_.val_dataset,
                                   pipeline=_base_.eval_pipeline,
                                   test_mode=True))
test_dataloader = val_dataloader
