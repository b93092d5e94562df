# The C_Sk_1 recipe (noise-robust contrastive training of PoseConv3D on
# skeletons; alpha 0.01, gamma1 1, gamma2 0.3, sup_thresh 0) on the
# synthetic set at CPU size: configs/posec3d/slowonly_synthetic_xsub_heatmap.py
# (the synthetic 3D skeletons projected to 1080 x 1920 images, 16 frames,
# narrow SlowOnly) with the skeleton input (SkeletonToVolume, in_channels 3)
# and the clean / noisy views of the NTU configs.
_base_ = ['../posec3d/slowonly_synthetic_xsub_heatmap.py']


def _skeleton(pipeline):
    return [dict(type='SkeletonToVolume', num_persons=2, with_score=True,
                 double=t.get('double', False), layout='coco')
            if t['type'] == 'GeneratePoseTarget' else t for t in pipeline]


model = dict(type='NoiseRobustRecognizer', backbone=dict(in_channels=3),
             gamma1=1.0, gamma2=0.3, sup_thresh=0, representation='prob',
             detach_clean=True, grouping='label',
             instance_loss=dict(type='InstanceContrastiveLoss',
                                temperature=1.0, symmetric=False),
             group_loss=dict(type='GroupContrastiveLoss', temperature=1.0,
                             symmetric=False))

_noise = dict(type='MotionScaledNoise', alpha=0.01, size='longer_side',
              total_difference='body_motion')
_train = _skeleton(_base_.train_pipeline)
_split = [t['type'] for t in _train].index('UniformSampleFrames') + 1
_per_view = _train[_split:-1]
train_pipeline = _train[:_split] + [
    dict(type='MultiView', transforms=[_per_view, [_noise] + _per_view],
         num_views=[1, 1], keys=('imgs',)),
    dict(type='PackVolumeViews'),
]
val_pipeline = _skeleton(_base_.val_pipeline)
test_pipeline = _skeleton(_base_.test_pipeline)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
