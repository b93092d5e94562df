# graph2vec + LSTM / GRU (seed 004, sections 3.3-3.4 and 4.1): a recurrent
# encoder over 60 per-frame graph2vec embeddings (128-d), a linear layer,
# softmax / cross-entropy; Adam 1e-3, 150 epochs, batch 256, dropout 0.2.
# The embeddings are computed once by tools/data/embed_graph2vec.py; a
# config adds a dataset base (GraphEmbeddingDataset) with `num_classes`.
# Hidden size and depth are not in the seed: 3 x 512 (RecurrentEncoder's
# docstring says why).
_base_ = ['../default_runtime.py']
embed_dim = 128
hidden = 512
model = dict(
    type='Recognizer',
    data_preprocessor=dict(type='SequenceDataPreprocessor'),
    backbone=dict(type='LSTMEncoder', in_channels=embed_dim,
                  hidden_channels=hidden, num_layers=3, dropout=0.2),
    head=dict(type='LinearHead', num_classes=49, in_channels=hidden))
train_pipeline = [dict(type='PackSequenceInputs')]
eval_pipeline = [dict(type='PackSequenceInputs')]
_loader = dict(num_workers=2, persistent_workers=True,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(
    batch_size=256, sampler=dict(type='DefaultSampler', shuffle=True),
    **_loader)
val_dataloader = dict(
    batch_size=256, sampler=dict(type='DefaultSampler', shuffle=False),
    **_loader)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator
# Adam 1e-3, constant (the seed names no schedule), 150 epochs
max_epochs = 150
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = []
default_hooks = dict(checkpoint=dict(interval=10, max_keep_ckpts=2))
