# MAMP: masked motion prediction (Mao et al., ICCV 2023; maoyunyao/MAMP,
# config/*/pretrain_mamp_t120_layer8+3_mask90.yaml, script_pretrain_mamp.sh;
# configs/mamp/README.md). The vanilla skeleton transformer (depth 8, width
# 256, 8 heads, MLP 4, LayerNorm eps 1e-5, 120 frames in temporal patches
# of 4 -> 30 x 25 tokens per person, persons as separate sequences) encodes
# the 10 % of tokens that motion-aware masking keeps (ratio 0.9, tau 0.8,
# Gumbel noise, the lowest scores kept: int(750 * 0.1) = 74 tokens); a
# 3-block decoder (NTU-60; the authors use 5 for NTU-120 and PKU-MMD) with
# its own position embeddings and mask token predicts the temporal motion
# x[t+1] - x[t] of every patch, normalised per patch; MSE on the masked
# tokens only.
#
# Schedule: _base_/schedules/mamp_adamw_400e.py (AdamW (0.9, 0.95), lr 1e-3,
# wd 0.05, 20 warm-up epochs, half-cosine to 5e-4 at 400); batch 32 per
# process, 4 processes in the authors' script (128 in all: run 4 ranks, or
# set batch_size=128 on one device); no AMP ("noamp" runs).
#
# Data (feeder/feeder_ntu.py): CTR-GCN-style arrays as the authors read
# them (no normalisation: seq_transformation.py centred them at the first
# frame), the valid frames cropped (training: a ratio U(0.5, 1), at least
# 64 frames; test: the centre 95 %) and resized to 120 frames, random
# rotation +-0.3 rad about each axis in training (ValidCropResize,
# RandomRotXYZ). Linear probe and fine-tuning train with the same crop and
# rotation, as the authors' configs do.
_base_ = ['../default_runtime.py', '../schedules/mamp_adamw_400e.py']
num_frames = 120
model = dict(
    type='MAMP',
    data_preprocessor=dict(type='SkeletonDataPreprocessor', stream='joint'),
    backbone=dict(type='SkeletonTransformer', in_channels=3, dim_feat=256,
                  depth=8, num_heads=8, mlp_ratio=4, num_frames=num_frames,
                  num_joints=25, t_patch_size=4, norm_eps=1e-5),
    decoder=dict(dim=256, depth=3, num_heads=8, mlp_ratio=4),
    neck=dict(type='GlobalAveragePooling'),
    mask_ratio=0.9,
    motion_aware_tau=0.8,
    motion_stride=1,
    norm_target=True)
mamp_train_pipeline = [
    dict(type='ValidCropResize', p_interval=(0.5, 1.0), min_length=64,
         length=num_frames),
    dict(type='RandomRotXYZ', theta=0.3),
    dict(type='PackSkeletonInputs'),
]
mamp_eval_pipeline = [
    dict(type='ValidCropResize', p_interval=(0.95, ), length=num_frames),
    dict(type='PackSkeletonInputs'),
]
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    worker_init_fn=dict(type='skelact.seed_worker'))
val_cfg = None
val_dataloader = None
val_evaluator = None
default_hooks = dict(checkpoint=dict(interval=20, max_keep_ckpts=2))

# MAMP's evaluation (protocol_settings: merged into the derived runs)
_train_data = dict(dataset=dict(pipeline=mamp_train_pipeline))
_eval_data = dict(dataset=dict(pipeline=mamp_eval_pipeline))
_data = dict(train_dataloader=_train_data, val_dataloader=_eval_data,
             test_dataloader=_eval_data)
# main_finetune.py (script_finetune.sh): AdamW lr 3e-4 (the yaml's 5e-4 is
# overridden by the script's --lr), wd 0.05 (none on 1-D parameters),
# layer-wise lr decay 0.8, warm-up 5 epochs, half-cosine to 1e-5 at epoch
# 100, batch 24 per process (2 processes), label smoothing 0.1, drop-path
# 0.3, ActionHeadFinetune (dropout 0.3, mean over frames, joints x
# features, mean over persons, fc 2048 + BN + ReLU, fc). The semi
# protocols fine-tune the same way; MAMP's subset is a random 1 % / 10 %
# (feeder_ntu_semi.random_select_data), skelact's is class-balanced and
# fixed by subset_seed.
_ft_lr = 3e-4
_ft_train = dict(batch_size=24, dataset=dict(pipeline=mamp_train_pipeline))
_ft_eval = dict(batch_size=24, dataset=dict(pipeline=mamp_eval_pipeline))
_finetune = dict(
    train_dataloader=_ft_train,
    val_dataloader=_ft_eval,
    test_dataloader=_ft_eval,
    model=dict(
        backbone=dict(drop_path_rate=0.3),
        neck=None,
        head=dict(_delete_=True, type='ActionHeadClassification',
                  hidden_dim=2048, dropout_ratio=0.3,
                  loss=dict(type='CrossEntropyLoss', label_smoothing=0.1))),
    optim_wrapper=dict(
        _delete_=True,
        constructor='LayerDecayOptimWrapperConstructor',
        optimizer=dict(type='AdamW', lr=_ft_lr, weight_decay=0.05),
        paramwise_cfg=dict(layer_decay_rate=0.8)),
    param_scheduler=[
        dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0,
             end=5, convert_to_iter_based=True),
        dict(type='CosineAnnealingLR', eta_min_ratio=1e-5 / _ft_lr,
             by_epoch=True, begin=5, end=100, T_max=95,
             convert_to_iter_based=True),
    ],
    train_cfg=dict(max_epochs=100, val_interval=5))
protocol_settings = dict(
    # main_linprobe.py: the frozen encoder, a non-affine BatchNorm1d (eps
    # 1e-6) in front of the linear classifier, SGD lr 0.1, momentum 0.9,
    # wd 0, no warm-up, cosine to 0 over 100 epochs, batch 128 per process
    # (2 processes)
    linear=dict(
        _data,
        model=dict(head=dict(feature_norm='batchnorm')),
        optim_wrapper=dict(optimizer=dict(lr=0.1, momentum=0.9,
                                          weight_decay=0.0)),
        param_scheduler=[
            dict(type='CosineAnnealingLR', eta_min=0.0, by_epoch=True,
                 begin=0, end=100, T_max=100, convert_to_iter_based=True)
        ]),
    knn=dict(test_dataloader=_eval_data,
             test_cfg=dict(train_dataloader=_eval_data)),
    finetune=_finetune,
    semi1=_finetune,
    semi10=_finetune,
    actionhead=_data)
