# Seed 002, Table III row C_H_3: noise-robust contrastive training of
# PoseConv3D on 3D heatmaps (NTU RGB+D 60 xsub, 24 frames; 57.4 top-1 on the
# validation set with noise alpha = 0.015). alpha 0.01, gamma1 1, gamma2
# 0.3, sup_thresh 20 (20 supervised-only epochs first). The table's
# extracted "Model" column puts this row under MotionBERT; its label (H)
# and input (3D heatmap) are PoseConv3D's, as read here.
#
# The supervised heatmap24 config (model, data, 150 epochs, lr 0.001) with
# NoiseRobustRecognizer: cross-entropy on the clean view, instance and
# group contrastive losses between the clean and the noisy view of each
# sample. Choices (configs/robustcl/README.md):
# - noise (MotionScaledNoise): std = alpha * S * total_difference, S = the
#   video's longer side in pixels (1920), total_difference = 'body_motion';
#   applied to the sampled 24 frames before the crops; the two views share
#   the frames and draw their own crops and flips (MultiView);
# - representation: the class probabilities, the clean one detached (TCL's
#   code; the seed leaves it open); h = exp(cos) (the seed: temperature 1),
#   clean anchors (the seed's formula), groups = ground-truth classes (the
#   seed). TCL's variant: instance_loss/group_loss temperature=0.5,
#   symmetric=True, grouping='pseudo'.
_base_ = ['../posec3d/slowonly_r50_ntu60_xsub_heatmap24.py']

model = dict(type='NoiseRobustRecognizer', gamma1=1.0, gamma2=0.3,
             sup_thresh=20, representation='prob', detach_clean=True,
             grouping='label',
             instance_loss=dict(type='InstanceContrastiveLoss',
                                temperature=1.0, symmetric=False),
             group_loss=dict(type='GroupContrastiveLoss', temperature=1.0,
                             symmetric=False))

_noise = dict(type='MotionScaledNoise', alpha=0.01, size='longer_side',
              total_difference='body_motion')
_split = [t['type'] for t in _base_.train_pipeline].index(
    'UniformSampleFrames') + 1
_per_view = _base_.train_pipeline[_split:-1]   # crops, flip, volume
train_pipeline = _base_.train_pipeline[:_split] + [
    dict(type='MultiView', transforms=[_per_view, [_noise] + _per_view],
         num_views=[1, 1], keys=('imgs',)),
    dict(type='PackVolumeViews'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
