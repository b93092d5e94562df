# A small MotionBERT-style fine-tuning run on the built-in synthetic set
# (cross-subject), for CI: a narrow DSTformer + MotionBERT's action head,
# MotionBERT's optimiser (AdamW, head lr x10, x0.99 per epoch), no
# pretrained weights. The synthetic skeletons are NTU-25 3D, so the input
# is H36M-17 (x, y, z) from the NTU -> H36M conversion instead of 2D with
# confidence; CropScale (which needs a confidence) is left out.
_base_ = ['./dstformer_ntu60_xsub_finetune.py']

clip_len = 16
num_classes = 10
model = dict(
    backbone=dict(dim_feat=16, dim_rep=16, depth=1, num_heads=2,
                  mlp_ratio=2, maxlen=clip_len, init_cfg=None),
    head=dict(num_classes=num_classes, dim_rep=16, hidden_dim=32,
              dropout_ratio=0.1))

_data = dict(type='SyntheticDataset', num_classes=num_classes, seed=0,
             samples_per_class_subject_camera=1)
_to_h36m = [
    dict(type='AimCLRNormalize', length=None, rotation='first'),
    dict(type='ConvertLayout', src='nturgb+d', dst='h36m'),
]
train_pipeline = _to_h36m + [
    dict(type='ResampleFrames', clip_len=clip_len),
    dict(type='RandomMove'),
    dict(type='PackSkeletonInputs'),
]
eval_pipeline = _to_h36m + [
    dict(type='ResampleFrames', clip_len=clip_len, test_mode=True),
    dict(type='PackSkeletonInputs'),
]
_loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    batch_size=16,
    dataset=dict(_delete_=True, split='xsub_train', pipeline=train_pipeline,
                 **_data),
    **_loader)
val_dataloader = dict(
    batch_size=32,
    dataset=dict(_delete_=True, split='xsub_val', pipeline=eval_pipeline,
                 test_mode=True, **_data),
    **_loader)
test_dataloader = val_dataloader

max_epochs = 2
train_cfg = dict(max_epochs=max_epochs, val_interval=1)
default_hooks = dict(checkpoint=dict(max_keep_ckpts=1),
                     logger=dict(interval=10))
