# The seed's (002) PoseConv3D on 3D heatmaps, NTU RGB+D 60 cross-subject
# (Table II: 90.1 top-1, 99.1 top-5): pyskl's model and pipeline with 24
# uniformly sampled frames, 150 epochs, dropout 0.5, lr 0.001. The seed
# states neither optimiser, batch nor schedule: pyskl's SGD (momentum 0.9,
# wd 3e-4, clip 40), batch 32, cosine by iteration, no dataset repeat, lr
# not rescaled; its test protocol is not stated either: pyskl's (10 clips x
# flip at 64 x 64).
_base_ = ['../_base_/methods/posec3d.py']
clip_len = 24


def _frames(pipeline):
    return [dict(t, clip_len=24) if t['type'] == 'UniformSampleFrames'
            else t for t in pipeline]


train_pipeline = _frames(_base_.train_pipeline)
val_pipeline = _frames(_base_.val_pipeline)
test_pipeline = _frames(_base_.test_pipeline)
train_dataloader = dict(dataset=dict(
    _base_.dataset, split='xsub_train', pipeline=train_pipeline,
    _delete_=True))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

max_epochs = 150
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=0.001))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=0,
         by_epoch=True, convert_to_iter_based=True)
]
auto_scale_lr = dict(enable=False)
