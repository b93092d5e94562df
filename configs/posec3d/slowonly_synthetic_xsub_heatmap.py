# PoseConv3D on the synthetic set (cross-subject, 10 classes), sized for a
# CPU: the 3D synthetic skeletons rendered to 2D COCO-17 keypoints with a
# pinhole camera (ProjectToImage: 1080 x 1920, f = 1060 px; NTU-25 -> COCO-17
# by ConvertLayout), then pyskl's heatmap pipeline at 16 frames and 32 x 32
# crops (test: 2 clips x flip), and a narrow SlowOnly (width 8, one block
# per stage). Switch the input as the NTU configs do: merge='max' and
# in_channels=1 (grayscale), SkeletonToVolume and in_channels=3 (skeleton).
_base_ = ['../_base_/methods/posec3d.py']
num_classes = 10
clip_len = 16
model = dict(
    backbone=dict(base_channels=8, stage_blocks=(1, 1, 1)),
    head=dict(num_classes=num_classes, in_channels=128))
render = [dict(type='ProjectToImage', img_shape=(1080, 1920), focal=1060.),
          dict(type='ConvertLayout', src='nturgb+d', dst='coco')]
heatmap = dict(type='GeneratePoseTarget', sigma=0.6, use_score=True,
               with_kp=True, with_limb=False)
train_pipeline = render + [
    dict(type='UniformSampleFrames', clip_len=clip_len),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 36)),
    dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, layout='coco'),
    heatmap,
    dict(type='PackVolumeInputs'),
]
val_pipeline = render + [
    dict(type='UniformSampleFrames', clip_len=clip_len, test_mode=True),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    heatmap,
    dict(type='PackVolumeInputs'),
]
test_pipeline = render + [
    dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=2,
         test_mode=True),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    dict(heatmap, double=True),
    dict(type='PackVolumeInputs'),
]
dataset = dict(type='SyntheticDataset', num_classes=num_classes, seed=0)
_loader = dict(num_workers=2, persistent_workers=False,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(
    batch_size=16,
    dataset=dict(dataset, split='xsub_train', pipeline=train_pipeline,
                 _delete_=True), **_loader)
val_dataloader = dict(
    batch_size=16,
    dataset=dict(dataset, split='xsub_val', pipeline=val_pipeline,
                 test_mode=True, _delete_=True), **_loader)
test_dataloader = dict(
    batch_size=8,
    dataset=dict(dataset, split='xsub_val', pipeline=test_pipeline,
                 test_mode=True, _delete_=True), **_loader)

max_epochs = 10
train_cfg = dict(max_epochs=max_epochs, val_interval=5)
optim_wrapper = dict(optimizer=dict(lr=0.1))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, eta_min=0,
         by_epoch=True, convert_to_iter_based=True)
]
auto_scale_lr = dict(enable=False)
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=1),
                     logger=dict(interval=10))
