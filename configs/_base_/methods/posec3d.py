# PoseConv3D (Duan et al., CVPR 2022) as pyskl trains it on NTU RGB+D 60
# (kennymckormick/pyskl configs/posec3d/slowonly_r50_ntu60_xsub/joint.py):
# SlowOnly-R50 on 17 keypoint heatmaps of HRNet 2D poses (pyskl's
# ntu60_hrnet.pkl), 48 frames, 56 x 56 training crops, 64 x 64 at test with
# 10 clips x flip, probabilities averaged. A leaf config sets the split
# (train_dataloader.dataset.dataset.split, val/test_dataloader.dataset.split)
# and, for other inputs, the pipelines and backbone in_channels.
_base_ = ['../default_runtime.py']

num_classes = 60
clip_len = 48
ann_file = 'data/nturgbd/ntu60_hrnet.pkl'

model = dict(
    type='Recognizer',
    data_preprocessor=dict(type='PoseVolumeDataPreprocessor'),
    backbone=dict(
        type='ResNet3dSlowOnly', in_channels=17, base_channels=32,
        num_stages=3, out_indices=(2,), stage_blocks=(4, 6, 3),
        conv1_stride=(1, 1), pool1_stride=(1, 1), inflate=(0, 1, 1),
        spatial_strides=(2, 2, 2), temporal_strides=(1, 1, 2)),
    neck=dict(type='GlobalAveragePooling', layout='volume'),
    head=dict(type='I3DHead', num_classes=num_classes, in_channels=512,
              dropout=0.5, average_clips='prob'))

# keypoint heatmaps (sigma 0.6, peak = keypoint score); the limb configs
# switch to with_kp=False, with_limb=True (pyskl's limb order)
heatmap = dict(type='GeneratePoseTarget', sigma=0.6, use_score=True,
               with_kp=True, with_limb=False)
flip = dict(type='Flip', flip_ratio=0.5, layout='coco')   # pyskl's x -> W - x
train_pipeline = [
    dict(type='UniformSampleFrames', clip_len=clip_len),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 64)),
    dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
    dict(type='Resize', scale=(56, 56), keep_ratio=False),
    flip,
    heatmap,
    dict(type='PackVolumeInputs'),
]
val_pipeline = [
    dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=1,
         test_mode=True),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(64, 64), keep_ratio=False),
    heatmap,
    dict(type='PackVolumeInputs'),
]
test_pipeline = [
    dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=10,
         test_mode=True),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(64, 64), keep_ratio=False),
    dict(heatmap, double=True),
    dict(type='PackVolumeInputs'),
]

dataset = dict(type='PysklDataset', ann_file=ann_file, layout='coco',
               num_classes=num_classes)
_loader = dict(num_workers=4, persistent_workers=True,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(
    batch_size=32, sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type='RepeatDataset', times=10,
                 dataset=dict(dataset, split='xsub_train',
                              pipeline=train_pipeline)),
    **_loader)
val_dataloader = dict(
    batch_size=32, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(dataset, split='xsub_val', pipeline=val_pipeline,
                 test_mode=True),
    **_loader)
test_dataloader = dict(
    batch_size=1, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(dataset, split='xsub_val', pipeline=test_pipeline,
                 test_mode=True),
    **_loader)
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator

# pyskl's schedule: SGD 0.4 for 8 GPUs x 32 (batch 256), momentum 0.9, wd
# 3e-4, gradient clip 40, cosine to 0 by iteration, 24 epochs of the
# 10-times repeated training set. auto_scale_lr scales the lr linearly to
# the real total batch (0.05 for one process x 32).
max_epochs = 24
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.4, momentum=0.9, weight_decay=3e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=0,
         by_epoch=True, convert_to_iter_based=True)
]
auto_scale_lr = dict(enable=True, base_batch_size=256)
