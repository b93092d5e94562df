# SkeletonCLR (MoCo v2; Li et al., CrosSCLR, CVPR 2021) with the
# quarter-width ST-GCN of the authors' code; two normal views [query, key].
_base_ = ['./contrastive_pretrain.py']
model = dict(
    type='SkeletonCLR',
    data_preprocessor=dict(type='SkeletonDataPreprocessor', stream='joint'),
    backbone=dict(
        type='STGCN',
        in_channels=3,
        hidden_channels=16,  # 1/4 of the standard ST-GCN
        hidden_dim=256,
        graph_cfg=dict(layout='nturgb+d', strategy='spatial'),
        edge_importance=True,
        dropout=0.5),
    neck=dict(type='GlobalAveragePooling'),
    projector=dict(type='MLPProjector', in_channels=256, hidden_channels=256,
                   out_channels=128),
    queue_size=32768,
    feature_dim=128,
    temperature=0.07,
    momentum=0.999)
train_pipeline = [
    dict(type='MultiView', transforms=[_base_.normal_aug], num_views=2),
    dict(type='PackSkeletonInputs'),
]
