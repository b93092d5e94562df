# ST-GCN recognizer (Yan et al. 2018) at the original width (64).
model = dict(
    type='Recognizer',
    data_preprocessor=dict(type='SkeletonDataPreprocessor', stream='joint'),
    backbone=dict(
        type='STGCN',
        in_channels=3,
        hidden_channels=64,
        hidden_dim=256,
        graph_cfg=dict(layout='nturgb+d', strategy='spatial'),
        edge_importance=True,
        dropout=0.5),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearHead', num_classes=60, in_channels=256))
