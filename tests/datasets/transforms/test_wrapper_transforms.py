"""MultiView / RandomApply wrappers."""
import numpy as np
import pytest
import torch

from skelact.registry import TRANSFORMS

NORMAL = [dict(type='RandomTemporalCrop', padding_ratio=6),
          dict(type='Shear', amplitude=0.5)]
EXTREME = NORMAL + [
    dict(type='SpatialFlip', p=0.5),
    dict(type='RandomRotate', max_angle=30, minor_angle=1),
    dict(type='TemporalFlip', p=0.5),
    dict(type='GaussianNoise', mean=0, std=0.01, p=0.5),
    dict(type='GaussianBlur', kernel_size=15, sigma_range=(0.1, 2.0), p=0.5),
    dict(type='AxisMask', p=0.5),
]


def _record(seed=0, t=50):
    rng = np.random.default_rng(seed)
    kp = rng.normal(size=(2, t, 25, 3)).astype(np.float32)
    return dict(keypoint=kp, keypoint_score=np.ones((2, t, 25), np.float32),
                total_frames=t, label=3, sample_name='S001C001P001R001A004')


def test_multiview_aimclr_views():
    mv = TRANSFORMS.build(dict(type='MultiView', transforms=[EXTREME, NORMAL],
                               num_views=[1, 2]))
    rec = _record()
    kp = rec['keypoint'].copy()
    out = mv(rec)
    assert isinstance(out['keypoint'], list) and len(out['keypoint']) == 3
    assert isinstance(out['keypoint_score'], list)
    assert len(out['keypoint_score']) == 3
    for view in out['keypoint']:
        assert view.shape == kp.shape and view.dtype == np.float32
    assert not np.allclose(out['keypoint'][1], out['keypoint'][2])
    assert out['label'] == 3 and out['total_frames'] == 50
    packed = TRANSFORMS.build(dict(type='PackSkeletonInputs'))(out)
    assert set(packed['inputs']) == {'views'}  # marked, not guessed
    assert len(packed['inputs']['views']) == 3
    assert all(isinstance(x, torch.Tensor) and x.shape == (2, 50, 25, 3)
               for x in packed['inputs']['views'])


def test_multiview_does_not_touch_input_arrays_and_int_views():
    rec = _record()
    kp = rec['keypoint']
    before = kp.copy()
    mv = TRANSFORMS.build(dict(type='MultiView', transforms=[NORMAL],
                               num_views=2))
    out = mv(rec)
    np.testing.assert_array_equal(kp, before)
    assert len(out['keypoint']) == 2
    mv2 = TRANSFORMS.build(dict(type='MultiView',
                                transforms=[NORMAL, NORMAL], num_views=2))
    assert len(mv2(_record())['keypoint']) == 4
    rec = _record()
    del rec['keypoint_score']
    out = mv(rec)
    assert 'keypoint_score' not in out


def test_multiview_reproducible():
    mv = TRANSFORMS.build(dict(type='MultiView', transforms=[EXTREME, NORMAL],
                               num_views=[1, 2]))
    np.random.seed(42)
    a = mv(_record())['keypoint']
    np.random.seed(42)
    b = mv(_record())['keypoint']
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    np.random.seed(43)
    c = mv(_record())['keypoint']
    assert not np.array_equal(a[1], c[1])


def test_multiview_config_errors():
    with pytest.raises(TypeError, match='pipeline'):
        TRANSFORMS.build(dict(type='MultiView', transforms=NORMAL))
    with pytest.raises(ValueError, match='num_views'):
        TRANSFORMS.build(dict(type='MultiView', transforms=[NORMAL],
                              num_views=[1, 2]))


def test_random_apply():
    ra = TRANSFORMS.build(dict(type='RandomApply', p=0.5,
                               transforms=[dict(type='AxisMask', p=1.0)]))
    np.random.seed(0)
    applied = 0
    for _ in range(1000):
        out = ra(_record(t=2))
        applied += bool(np.any(np.all(out['keypoint'] == 0, axis=(0, 1, 2))))
    assert 430 < applied < 570
