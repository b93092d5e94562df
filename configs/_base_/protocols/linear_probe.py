# Fair linear probe: the linear protocol (frozen encoder in eval mode,
# pooled by the pretraining config's neck, 100 epochs, batch 128, x0.1 at
# epoch 80) with the features standardised in front of the classifier by a
# non-affine BatchNorm1d (MAE's linear probe, also MAMP's), so that the
# classifier trains on any encoder's feature scale -- a randomly
# initialised encoder's included. SGD lr 0.1, momentum 0.9, wd 0 (skelact's
# choice for unit-variance features; the paper's lr 3.0 is tuned for
# AimCLR's raw features and stays in `linear`). Derived from a pretraining
# config (skelact.apis.derive_protocol):
#   python tools/train.py configs/aimclr/stgcn_ntu60_xsub.py --protocol linear_probe
_base_ = ['./linear.py']
model = dict(head=dict(type='LinearHead', feature_norm='batchnorm'))
optim_wrapper = dict(optimizer=dict(lr=0.1))
