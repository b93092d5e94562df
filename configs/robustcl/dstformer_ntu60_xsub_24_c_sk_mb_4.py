# Seed 002, Table III row C_Sk_MB_4: noise-robust contrastive training of
# MotionBERT on skeletons (NTU RGB+D 60 xsub; 71.5 top-1 on the validation
# set with noise alpha = 0.015). alpha 0.01, gamma1 1, gamma2 0.3,
# sup_thresh 0.
#
# Based on the seed's 24-frame MotionBERT
# (configs/motionbert/dstformer_ntu60_xsub_24f_finetune.py: the full
# MotionBERT of the action recipe from its pretrained checkpoint, AdamW with
# the seed's lr 0.001 read as MotionBERT's head lr, 24 frames by
# ResampleFrames, maxlen 243 so that the pretrained temporal embedding
# loads, 150 epochs). Noise and losses as in slowonly_r50_ntu60_xsub_skeleton24_c_sk_1
# (the noise on the annotation's pixels, first, before MotionBERT's
# normalisation; the views draw their own random moves and scales).
_base_ = ['../motionbert/dstformer_ntu60_xsub_24f_finetune.py']


def _frames(pipeline):
    return [dict(t, clip_len=24) if t['type'] == 'ResampleFrames' else t
            for t in pipeline]


model = dict(type='NoiseRobustRecognizer', gamma1=1.0, gamma2=0.3,
             sup_thresh=0, representation='prob', detach_clean=True,
             grouping='label',
             instance_loss=dict(type='InstanceContrastiveLoss',
                                temperature=1.0, symmetric=False),
             group_loss=dict(type='GroupContrastiveLoss', temperature=1.0,
                             symmetric=False))

_noise = dict(type='MotionScaledNoise', alpha=0.01, size='longer_side',
              total_difference='body_motion')
_clean = _frames(_base_.train_pipeline)[:-1]   # all but the packing
train_pipeline = [
    dict(type='MultiView', transforms=[_clean, [_noise] + _clean],
         num_views=[1, 1]),
    _base_.train_pipeline[-1],                   # PackSkeletonInputs
]
eval_pipeline = _frames(_base_.eval_pipeline)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=eval_pipeline))
test_dataloader = val_dataloader

max_epochs = 150
train_cfg = dict(max_epochs=max_epochs)
