# PoseConv3D, pyskl's recipe: NTU RGB+D 60 cross-subject, limb heatmaps
# (17 limbs in pyskl's order, skelact.datasets.transforms.PYSKL_LIMBS;
# pyskl: 93.4 top-1).
_base_ = ['../_base_/methods/posec3d.py']


def _limbs(pipeline):
    return [dict(t, with_kp=False, with_limb=True, limbs='pyskl')
            if t['type'] == 'GeneratePoseTarget' else t for t in pipeline]


train_dataloader = dict(dataset=dict(dataset=dict(
    pipeline=_limbs(_base_.train_pipeline))))
val_dataloader = dict(dataset=dict(pipeline=_limbs(_base_.val_pipeline)))
test_dataloader = dict(dataset=dict(pipeline=_limbs(_base_.test_pipeline)))
