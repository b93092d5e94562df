# ConMLP + reconstruction, self-supervised (seed 004 Sec. 3.5): NT-Xent +
# MSE of an MLP decoder (256 -> 256 -> 45,000) against the CLEAN input
# (Eq. 3.6; model.recon_target='augmented' reconstructs each view instead),
# L = L_con + L_MSE; NTU RGB+D 60 cross-view.
_base_ = ['./mlp_ntu60_xview.py']
model = dict(
    decoder=dict(type='MLPDecoder', in_channels=256, hidden_dim=256,
                 out_dim=None, dropout=0.0),  # out_dim: the encoder's input
    recon_target='clean',
    recon_weight=1.0)
train_dataloader = dict(
    dataset=dict(pipeline=_base_.preprocess + _base_.recon_pipeline))
