# HiCLR (Zhang, Lin, Liu, AAAI 2023; seed 001; JHang2020/HiCLR) =
# SkeletonCLR's MoCo with k query branches on growing augmentation sets and
# the asymmetric hierarchical loss. The released code's recipe
# (config/release/gcn_ntu60/pretext/pretext_hiclr_xsub_joint.yaml): three
# branches basic -> normal -> normal + joint mask (1/2 per KL link), the
# hyper-parameters of AimCLR (SGD 0.1, wd 1e-4, x0.1 at 250, 300 epochs,
# batch 128, K 32768, m 0.999, tau 0.07), mask ratio 0.1, NNM (top-1 union
# over the branches) after epoch 150. Its drop/add edges are off
# (dropout_graph = add_graph = 0) and AdaIN is never called; here they are
# branch options ('+dae', '+adain') with the paper's bounds 0.1 / 0.05.
_base_ = ['./skeletonclr.py']

model = dict(
    type='HiCLR',
    branches=['basic', 'normal', 'normal+mask'],
    mask_ratio=0.1,
    edge_augment=dict(drop_ratio=0.1, add_ratio=0.05, drop_scaling='sum'),
    adain_dim='TV',
    adain_eps=1e-5,
    hierarchical_loss=dict(type='HierarchicalKLLoss', loss_weight=0.5,
                           form='cross_entropy'),  # the code's form
    nnm_topk=1,
    mining_epoch=150)
# BA = temporal crop + shear; NA adds the AimCLR code's aug_method '12345'
# (flip, rotate, noise, blur, axis mask; no temporal flip): HiCLR's
# Feeder_triple "strong" view, AimCLR's extreme_aug_code
hiclr_basic_aug = _base_.normal_aug
hiclr_normal_aug = _base_.extreme_aug_code
# The authors' weights_init over the whole model (processor/pretrain.py,
# as AimCLR's; the key encoder drawn on its own), for the reproduction
# configs: `model = dict(**_base_.authors_init)`
authors_init = dict(
    init_cfg=[
        dict(type='Normal', layer=['Conv1d', 'Conv2d', 'Linear'], mean=0.0,
             std=0.02, bias=0.0),
        dict(type='Normal', layer=['BatchNorm1d', 'BatchNorm2d'], mean=1.0,
             std=0.02, bias=0.0),
    ],
    key_encoder_init='independent')
# views [branch 0, key, branch 1, ..., branch k-1]: num_views = (basic
# views, normal views) of the branches (HiCLR.pipeline_views())
train_pipeline = [
    dict(type='MultiView', transforms=[hiclr_basic_aug, hiclr_normal_aug],
         num_views=[2, 2]),
    dict(type='PackSkeletonInputs'),
]
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='NNMSwitchHook'),  # at the model's mining_epoch
    dict(type='RNGStateHook'),
]
default_hooks = dict(checkpoint=dict(interval=10))  # the code's save_interval
# HiCLR's own finetune recipe (config/release/gcn_ntu60/finetune/
# xsub_joint.yaml, processor/finetune_evaluation.py): SGD 0.1, Nesterov,
# wd 1e-4, lr rising linearly over 5 epochs (the code's base_lr * epoch / 5;
# here from 1e-6, as mmengine's LinearLR cannot start at 0), x0.1 at 30
# and 55, 70 epochs, batch 64, the model in train mode (the finetune
# protocol's frozen_backbone=False), evaluated every 5 epochs.
protocol_settings = dict(finetune=dict(
    train_dataloader=dict(batch_size=64),
    val_dataloader=dict(batch_size=64),
    test_dataloader=dict(batch_size=64),
    optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9,
                                      weight_decay=1e-4, nesterov=True)),
    param_scheduler=[
        dict(type='LinearLR', start_factor=1e-6, by_epoch=True, begin=0,
             end=5),
        dict(type='MultiStepLR', by_epoch=True, milestones=[30, 55],
             gamma=0.1)
    ],
    train_cfg=dict(max_epochs=70, val_interval=5)))
