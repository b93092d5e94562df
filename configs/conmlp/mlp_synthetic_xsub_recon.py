# ConMLP + reconstruction (NT-Xent + MSE against the clean input) on the
# synthetic set, CPU-sized as mlp_synthetic_xsub.py.
_base_ = ['./mlp_synthetic_xsub.py']
model = dict(
    decoder=dict(type='MLPDecoder', in_channels=64, hidden_dim=64,
                 out_dim=None, dropout=0.0),
    recon_target='clean',
    recon_weight=1.0)
train_dataloader = dict(
    dataset=dict(pipeline=_base_.preprocess + _base_.recon_pipeline))
