# Linear evaluation (the SkeletonCLR / AimCLR code's protocol): the
# pretrained query backbone, frozen and kept in eval mode (frozen BN
# statistics, no dropout), pooled by the pretraining config's neck, under a
# linear classifier; SGD lr 3.0, momentum 0.9, wd 0, x0.1 at epoch 80, 100
# epochs, batch 128, evaluated every 5 epochs. Derived from a pretraining
# config (skelact.apis.derive_protocol):
#   python tools/train.py configs/aimclr/stgcn_ntu60_xsub.py --protocol linear
_base_ = ['../schedules/linear_sgd_100e.py', '../default_runtime.py']
model = dict(type='Recognizer', frozen_backbone=True,
             head=dict(type='LinearHead'))  # sized from the encoder
# after the pretraining config's `preprocess`: no augmentation
train_pipeline = [dict(type='PackSkeletonInputs')]
eval_pipeline = [dict(type='PackSkeletonInputs')]
_loader = dict(batch_size=128, num_workers=4, persistent_workers=True,
               worker_init_fn=dict(type='skelact.seed_worker'))
train_dataloader = dict(sampler=dict(type='DefaultSampler', shuffle=True),
                        **_loader)
val_dataloader = dict(sampler=dict(type='DefaultSampler', shuffle=False),
                      **_loader)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccMetric', topk=(1, 5))
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=2,
                                     save_best='acc/top1', rule='greater'))
