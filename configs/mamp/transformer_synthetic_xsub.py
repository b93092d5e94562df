# MAMP pretraining on the built-in synthetic set (cross-subject), sized for
# a 2-core CPU (CI and benchmarks/mamp_synthetic_linear.py): a width-32,
# depth-2 transformer over 32 frames (8 x 25 tokens, 20 kept at ratio 0.9),
# a 1-block decoder, MAMP's masking, target, loss and schedule shape (20 of
# 400 epochs warm-up -> 1 of 20 here). The synthetic set is raw (camera
# frame): joint 1 (spine-mid) of the first person is subtracted in every
# frame before MAMP's crop-and-resize (MAMP's NTU arrays are centred at the
# first frame by the authors' seq_transformation.py).
_base_ = ['../_base_/methods/mamp.py',
          '../_base_/datasets/synthetic_xsub.py']
num_frames = 32
preprocess = [dict(type='CenterJoint', joint=1, reference='first')]
train_pipeline = preprocess + [
    dict(type='ValidCropResize', p_interval=(0.5, 1.0), min_length=64,
         length=num_frames),
    dict(type='RandomRotXYZ', theta=0.3),
    dict(type='PackSkeletonInputs'),
]
eval_pipeline = preprocess + [
    dict(type='ValidCropResize', p_interval=(0.95, ), length=num_frames),
    dict(type='PackSkeletonInputs'),
]
model = dict(
    backbone=dict(dim_feat=32, depth=2, num_heads=2, num_frames=num_frames),
    decoder=dict(dim=32, depth=1, num_heads=2))
train_dataloader = dict(
    batch_size=32, num_workers=0, persistent_workers=False,
    dataset=dict(**_base_.train_dataset, pipeline=train_pipeline))
max_epochs = 20
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=5e-4, by_epoch=True, begin=1,
         end=max_epochs, T_max=max_epochs - 1, convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=max_epochs)
default_hooks = dict(checkpoint=dict(interval=max_epochs, max_keep_ckpts=1),
                     logger=dict(interval=5))
# the derived runs read the synthetic set through the same preprocessing
_train = dict(dataset=dict(pipeline=train_pipeline))
_eval = dict(dataset=dict(pipeline=eval_pipeline))
_data = dict(train_dataloader=_train, val_dataloader=_eval,
             test_dataloader=_eval)
protocol_settings = dict(
    linear=_data,
    knn=dict(test_dataloader=_eval, test_cfg=dict(train_dataloader=_eval)),
    finetune=_data, semi1=_data, semi10=_data, actionhead=_data)
