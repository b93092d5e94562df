# TransAimCLR (seed 000, section 4.3): AimCLR with a vanilla skeleton
# transformer, "the one from 'Masked Motion Predictors are Strong 3D Action
# Representation Learners'" (MAMP, maoyunyao/MAMP model/transformer.py), with
# "the [model hyperparameters] from the original implementation as well as
# the optimizer parameter and learning rate":
# - encoder (MAMP's config/*/pretrain_mamp_t120_layer8+3_mask90.yaml):
#   depth 8, dim 256, 8 heads, MLP ratio 4, temporal patches of 4 frames,
#   qkv bias, LayerNorm with PyTorch's default eps 1e-5, persons as
#   separate sequences; 25 NTU joints.
# - frames: AimCLR's arrays give 50 frames, not a multiple of 4. MAMP's
#   patch embedding (Conv2d, kernel = stride = 4 frames) floors: 12 tokens
#   per joint, frames 48-49 not embedded, temp_embed of 50 // 4 = 12 rows
#   (t_remainder='drop', what MAMP's code does with 50 frames; the report
#   says nothing more). transformer_ntu60_xsub_52f.py instead resizes the
#   clips to 52 frames (13 tokens, every frame used; `resize_to_patches`).
# - optimiser (MAMP's main_pretrain.py, util/lr_sched.py): AdamW betas
#   (0.9, 0.95), lr 1e-3, weight decay 0.05 without decay on biases and
#   norm (1-D) parameters (timm's add_weight_decay), linear warm-up over 20
#   epochs (from 1e-3 x lr: mmengine's LinearLR cannot start at 0), then a
#   half-cosine to 5e-4 at the last epoch, updated every iteration; batch
#   128 (MAMP: 32 per GPU x 4 GPUs; AimCLR's is 128 as well).
# - 500 pretraining epochs (the report's run without NNM).
# NNM off (mining_epoch=None); transformer_ntu60_xsub_nnm150.py is the
# report's first run (NNM from epoch 150; linear 1.67 %, chance).
_base_ = ['./aimclr.py']
num_frames = 50
model = dict(
    backbone=dict(_delete_=True, type='SkeletonTransformer', in_channels=3,
                  dim_feat=256, depth=8, num_heads=8, mlp_ratio=4,
                  num_frames=num_frames, num_joints=25, t_patch_size=4,
                  norm_eps=1e-5, t_remainder='drop'),
    projector=dict(in_channels=256, hidden_channels=256),
    mining_epoch=None)  # NNM off: the inherited NNMSwitchHook keeps it off
resize_to_patches = []  # MAMP's floor needs no resize
train_dataloader = dict(batch_size=128)
max_epochs = 500
warmup_epochs = 20
optim_wrapper = dict(
    _delete_=True,
    optimizer=dict(type='AdamW', lr=1e-3, betas=(0.9, 0.95),
                   weight_decay=0.05),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=True, begin=0,
         end=warmup_epochs, convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=5e-4, by_epoch=True,
         begin=warmup_epochs, end=max_epochs,
         T_max=max_epochs - warmup_epochs, convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=max_epochs)
