# CrosSCLR, 3 views (Li et al., CVPR 2021; LinguoLi/CrosSCLR
# net/crossclr_3views.py, config/CrosSCLR/crossclr_3views_xview.yaml): joint,
# motion and bone quarter-width ST-GCNs with their own key encoders and
# queues in one model; the motion / bone streams are computed from the joint
# views after augmentation (so the preprocessor stays on 'joint'); two normal
# views [query, key] (their Feeder_dual: crop 6 + shear 0.5).
# Stage 1 (epochs 1-150): the sum of the three InfoNCE losses; stage 2
# (151-300): cross-view mining (context logits, the other views' top-1
# neighbours as positives). SGD 0.1, wd 1e-4, x0.1 at 250, 300 epochs,
# batch 128, K 32768, m 0.999, T 0.07 -- the shared pretraining schedule.
# momentum_mode='authors': THE AUTHORS' CODE'S BEHAVIOUR -- in stage 2 only
# the motion key encoder keeps its momentum update (joint and bone key
# backbones freeze), and in stage 1 the projector layers the streams share
# step once per stream; set momentum_mode='all' for MoCo's update.
# Evaluation: the protocols' head is MultiStreamLinearHead, the mean of the
# three streams' logits (the authors' view='all').
_base_ = ['./skeletonclr.py']
model = dict(
    type='CrosSCLR',
    backbone=dict(_delete_=True, type='MultiStreamBackbone',
                  streams=('joint', 'motion', 'bone'), layout='nturgb+d',
                  backbone=_base_.model.backbone),
    projector_sharing='authors',  # fc.2 of motion/bone = the joint fc
    cross_epoch=150,
    cross_loss=dict(type='CrossViewLoss', topk=1, context=True),
    momentum_mode='authors')
custom_hooks = [
    dict(type='MomentumUpdateHook'),
    dict(type='MemoryBankHook'),
    dict(type='CrossViewStageHook'),  # at the model's cross_epoch
    dict(type='RNGStateHook'),
]
_three_streams = dict(
    model=dict(head=dict(type='MultiStreamLinearHead', num_streams=3)))
protocol_settings = dict(linear=_three_streams, linear_probe=_three_streams,
                         semi1=_three_streams, semi10=_three_streams,
                         finetune=_three_streams)
