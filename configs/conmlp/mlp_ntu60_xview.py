# ConMLP, self-supervised (NT-Xent), NTU RGB+D 60 cross-view, on the authors'
# data: the CTR-GCN arrays NTU60_CV.npz, 300 zero-padded frames x 2 persons
# (configs/conmlp/README.md). Evaluate: --protocol linear (the authors'
# linear classifier, protocol_settings of the method base) or knn.
# Other data: swap the dataset base (e.g. ntu120_xsub_ctrgcn.py), or the
# AimCLR 50-frame arrays (ntu60_xview.py) with backbone num_frames=50 and
# the base's own preprocess.
_base_ = ['../_base_/methods/conmlp.py',
          '../_base_/datasets/ntu60_xview_ctrgcn.py']
# the arrays as the authors read them: no resize, zero-padded to 300
preprocess = [dict(type='ZeroPadFrames', length=300)]
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=preprocess + _base_.train_pipeline))
