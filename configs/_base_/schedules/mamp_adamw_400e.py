# MAMP's pretraining schedule (maoyunyao/MAMP main_pretrain.py,
# util/lr_sched.py): AdamW betas (0.9, 0.95), lr 1e-3, wd 0.05 without
# decay on biases and 1-D (norm) parameters (timm's add_weight_decay), a
# linear warm-up over 20 epochs, then a half-cosine to 5e-4 at epoch 400,
# updated every iteration. The warm-up starts at 1e-3 x lr (mmengine's
# LinearLR cannot start at 0; MAE's starts at 0). A config with another
# length redefines param_scheduler (its `end` / `T_max` are numbers here).
max_epochs = 400
warmup_epochs = 20
optim_wrapper = dict(
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
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs)
