# MotionBERT action fine-tuning on NTU RGB+D 60, cross-subject
# (Walter0807/MotionBERT configs/action/MB_ft_NTU60_xsub.yaml as of the
# authors' v2 release, c5db08c, 2023-03-26; train_action.py). The first code
# release (20db205, 2022-11) had MotionBERT-Lite and 200 epochs in this file:
# that recipe is dstformer_lite_ntu60_xsub_finetune.py.
#
# Model: the full MotionBERT DSTformer (dim_feat 512, MLP ratio 2, depth 5,
# 8 heads, dim_rep 512, 243 frames; 42.5 M parameters) + MotionBERT's action
# head (hidden 2048, dropout 0.5); no neck. MotionBERT's released action
# checkpoints (x-sub / x-view ft, best_epoch.bin) are this model and load
# strictly after conversion. dim_out=3 keeps MotionBERT's unused 3D-lifting
# head so that its checkpoints load strictly (hence
# find_unused_parameters under DDP).
# Data: pyskl's 2D HRNet annotations (ntu60_hrnet.pkl, COCO-17 keypoints
# with keypoint_score), MotionBERT's preprocessing in its order: image-size
# normalisation, two-person tracking, COCO -> H36M, resampling to 243
# frames, zero second person, random move (train) and crop-scale (train
# [1, 3], test [2, 2]); the confidence is the third input channel.
# The two `MotionBERT quirk` settings reproduce MotionBERT's inputs exactly
# (confidence not re-ordered to H36M, not swapped by the tracking), which
# its released checkpoints need; set them to the defaults to train clean.
# Optimiser: AdamW, backbone lr 1e-4, head lr 1e-3, weight decay 0.01, lr
# x0.99 every epoch, batch 32, 300 epochs, evaluated every epoch.
#
# Fine-tune from the pretrained MotionBERT checkpoint (MB_release, as the
# authors' docs/action.md does) converted with
#   python tools/convert/convert_ckpt.py MB_release/latest_epoch.bin \
#       work_dirs/pretrained/motionbert.pth --source motionbert
# or evaluate MotionBERT's fine-tuned checkpoint (--source motionbert_action)
#   python tools/test.py configs/motionbert/dstformer_ntu60_xsub_finetune.py \
#       converted.pth
_base_ = ['../_base_/default_runtime.py']

pretrained = 'work_dirs/pretrained/motionbert.pth'
clip_len = 243
num_classes = 60
dataset_type = 'PysklDataset'
ann_file = 'data/nturgbd/ntu60_hrnet.pkl'
train_split, val_split = 'xsub_train', 'xsub_val'

model = dict(
    type='Recognizer',
    data_preprocessor=dict(type='SkeletonDataPreprocessor', stream='joint',
                           layout='h36m'),
    backbone=dict(
        type='DSTformer', dim_in=3, dim_out=3, dim_feat=512, dim_rep=512,
        depth=5, num_heads=8, mlp_ratio=2, num_joints=17, maxlen=243,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                      prefix='backbone.')),
    head=dict(type='ActionHeadClassification', num_classes=num_classes,
              dim_rep=512, num_joints=17, hidden_dim=2048,
              dropout_ratio=0.5))
model_wrapper_cfg = dict(type='MMDistributedDataParallel',
                         find_unused_parameters=True)

_to_h36m = [
    dict(type='NormalizeByImageSize'),
    dict(type='HumanTracking', with_score=False),  # MotionBERT quirk
    dict(type='ConvertLayout', src='coco', dst='h36m',
         score_order='source'),  # MotionBERT quirk
]
train_pipeline = _to_h36m + [
    dict(type='ResampleFrames', clip_len=clip_len),
    dict(type='ZeroPadPersons', num_persons=2),
    dict(type='RandomMove'),
    dict(type='CropScale', scale_range=(1, 3)),
    dict(type='PackSkeletonInputs', with_score=True),
]
eval_pipeline = _to_h36m + [
    dict(type='ResampleFrames', clip_len=clip_len, test_mode=True),
    dict(type='ZeroPadPersons', num_persons=2),
    dict(type='CropScale', scale_range=(2, 2)),
    dict(type='PackSkeletonInputs', with_score=True),
]
_loader = dict(num_workers=8, persistent_workers=True,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(
    batch_size=32, sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type=dataset_type, ann_file=ann_file, split=train_split,
                 layout='coco', pipeline=train_pipeline),
    **_loader)
val_dataloader = dict(
    batch_size=32, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, ann_file=ann_file, split=val_split,
                 layout='coco', pipeline=eval_pipeline, test_mode=True),
    **_loader)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator

max_epochs = 300
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
# base lr = backbone lr; the longest matching key wins, so 'backbone'
# (including its unused lifting `backbone.head`) keeps x1 and the action
# head gets x10.
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=1e-4, weight_decay=0.01),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1.0),
                                    'head': dict(lr_mult=10.0)}))
param_scheduler = [dict(type='ExponentialLR', gamma=0.99, by_epoch=True)]
default_hooks = dict(checkpoint=dict(interval=1, max_keep_ckpts=2,
                                     save_best='acc/top1', rule='greater'))
