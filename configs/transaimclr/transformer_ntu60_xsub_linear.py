# TransAimCLR linear evaluation on NTU RGB+D 60 cross-subject: the frozen
# pretrained skeleton transformer (eval mode), pooled over persons, frames
# and joints, under a linear classifier.
_base_ = ['../_base_/recipes/linear.py', '../_base_/datasets/ntu60_xsub.py']
pretrained = 'work_dirs/transaimclr/transformer_ntu60_xsub/epoch_300.pth'
encoder = dict(type='SkeletonTransformer', in_channels=3, dim_feat=256,
               depth=8, num_heads=8, mlp_ratio=4, num_frames=52,
               num_joints=25, t_patch_size=4)
model = dict(
    backbone=dict(_delete_=True, **encoder,
                  init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                                prefix='backbone.')),
    head=dict(num_classes=_base_.num_classes, in_channels=256))
resize = [dict(type='ResizeFrames', length=52)]
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + resize + _base_.train_pipeline))
val_dataloader = dict(
    dataset=dict(**_base_.val_dataset,
                 pipeline=_base_.preprocess + resize + _base_.eval_pipeline,
                 test_mode=True))
test_dataloader = val_dataloader
