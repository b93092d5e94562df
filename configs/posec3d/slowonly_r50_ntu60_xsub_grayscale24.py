# The seed's (002) grayscale input (Table II: 88.7 top-1, 98.8 top-5): the
# 17 keypoint heatmaps "merged together" into one 56 x 56 channel per frame.
# The seed does not say how; skelact takes the channel-wise maximum
# (merge='max': a grayscale pose image in [0, 1]); merge='sum' (the sum
# clipped to 1) is the other reading. Otherwise as the heatmap24 config.
_base_ = ['./slowonly_r50_ntu60_xsub_heatmap24.py']


def _gray(pipeline):
    return [dict(t, merge='max') if t['type'] == 'GeneratePoseTarget'
            else t for t in pipeline]


model = dict(backbone=dict(in_channels=1))
train_pipeline = _gray(_base_.train_pipeline)
val_pipeline = _gray(_base_.val_pipeline)
test_pipeline = _gray(_base_.test_pipeline)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
