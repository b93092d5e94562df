# Supervised ST-GCN at a quarter of the standard width -- hidden_channels
# 16, hidden_dim 256, dropout 0.5: the encoder of configs/skeletonclr and
# configs/aimclr -- trained from scratch: AimCLR paper Table 8's
# "3s-ST-GCN" (the same structure and parameters as the self-supervised
# encoders), one config per stream, fused 0.6 / 0.6 / 0.4. Recipe: skelact's
# finetune protocol (configs/_base_/protocols/finetune.py: SGD 0.1,
# Nesterov, momentum 0.9, wd 1e-4, x0.1 at 80, 100 epochs, batch 128, no
# augmentation, every layer in train mode) without a checkpoint, from the
# authors' weights_init (Conv / Linear N(0, 0.02), BN N(1, 0.02), biases 0;
# their finetune processor applies it before loading weights). Data: the
# AimCLR 50-frame arrays, as the self-supervised configs.
_base_ = ['./stgcn.py', '../schedules/linear_sgd_100e.py']
model = dict(
    backbone=dict(hidden_channels=16),
    init_cfg=[
        dict(type='Normal', layer=['Conv1d', 'Conv2d', 'Linear'], mean=0.0,
             std=0.02, bias=0.0),
        dict(type='Normal', layer=['BatchNorm1d', 'BatchNorm2d'], mean=1.0,
             std=0.02, bias=0.0),
    ])
optim_wrapper = dict(
    optimizer=dict(lr=0.1, weight_decay=1e-4, nesterov=True))
train_dataloader = dict(batch_size=128)
val_dataloader = dict(batch_size=128)
test_dataloader = val_dataloader
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=2,
                                     save_best='acc/top1', rule='greater'))
