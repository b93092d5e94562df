# The seed's (002) "pure skeleton" input (Table II: 87.5 top-1, 98.7
# top-5): 17 x 2 coordinates per frame. The seed does not say how the 3D
# CNN reads them; skelact's choice (SkeletonToVolume): a (3, 24, 17, 2)
# volume -- channels x, y (in [-1, 1] of the 56 x 56 crop) and score,
# height = the 17 COCO joints, width = 2 persons -- through the same
# SlowOnly with in_channels=3. The crops and flips are the heatmap
# configs'; at test the flipped skeleton (x -> -x, joints swapped) is the
# second view.
_base_ = ['./slowonly_r50_ntu60_xsub_heatmap24.py']


def _skeleton(pipeline):
    return [dict(type='SkeletonToVolume', num_persons=2, with_score=True,
                 double=t.get('double', False), layout='coco')
            if t['type'] == 'GeneratePoseTarget' else t for t in pipeline]


model = dict(backbone=dict(in_channels=3))
train_pipeline = _skeleton(_base_.train_pipeline)
val_pipeline = _skeleton(_base_.val_pipeline)
test_pipeline = _skeleton(_base_.test_pipeline)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
