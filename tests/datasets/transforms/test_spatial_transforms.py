"""Spatial transforms against the AimCLR definitions (feeder/tools.py)."""
import math

import numpy as np
import pytest

from skelact.datasets.transforms.spatial import rotation_matrix, shear_matrix
from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout, NTU_RGBD

# transform_order['ntu'] of Levigty/AimCLR feeder/tools.py
AIMCLR_NTU_ORDER = [0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 16, 17, 18, 19,
                    12, 13, 14, 15, 20, 23, 24, 21, 22]


def _random_record(seed=0, m=2, t=20, v=25, score=True):
    rng = np.random.default_rng(seed)
    kp = rng.normal(size=(m, t, v, 3)).astype(np.float32)
    kp[1, 15:] = 0  # some absent frames
    rec = dict(keypoint=kp, total_frames=t)
    if score:
        rec['keypoint_score'] = rng.uniform(size=(m, t, v)).astype('f4')
    return rec


def _unit_record():
    kp = np.zeros((1, 1, 3, 3), np.float32)
    kp[0, 0] = np.eye(3)  # joint j = unit vector e_j
    return dict(keypoint=kp, total_frames=1)


def test_shear_matrix_form():
    shear = TRANSFORMS.build(dict(type='Shear', record=True))
    for seed in range(50):
        np.random.seed(seed)
        entries = np.random.uniform(-0.5, 0.5, size=6)
        np.random.seed(seed)
        out = shear(_unit_record())
        # joint j is S @ e_j = column j of S
        recovered = out['keypoint'][0, 0].T.astype(np.float64)
        expected = np.array([[1, entries[0], entries[3]],
                             [entries[1], 1, entries[4]],
                             [entries[2], entries[5], 1]])
        np.testing.assert_allclose(recovered, expected, atol=1e-6)
        np.testing.assert_allclose(out['shear_matrix'], expected)
        np.testing.assert_array_equal(np.diag(recovered), 1)
        off = recovered[~np.eye(3, dtype=bool)]
        assert np.all(np.abs(off) <= 0.5)
    np.testing.assert_allclose(shear_matrix(np.arange(6)),
                               [[1, 0, 3], [1, 1, 4], [2, 5, 1]])


def test_shear_keeps_zeros_dtype_and_score():
    rec = _random_record()
    score = rec['keypoint_score'].copy()
    out = TRANSFORMS.build(dict(type='Shear'))(rec)
    assert out['keypoint'].dtype == np.float32
    assert np.all(out['keypoint'][1, 15:] == 0)
    np.testing.assert_array_equal(out['keypoint_score'], score)


def test_spatial_flip_is_aimclr_order_and_involution():
    index = list(get_layout('nturgb+d').flip_index)
    assert index == AIMCLR_NTU_ORDER
    assert [index[i] for i in index] == list(range(25))
    # left joints go to right joints by name
    for i, j in enumerate(index):
        a, b = NTU_RGBD.joints[i], NTU_RGBD.joints[j]
        if a.startswith('left_'):
            assert b == 'right_' + a[5:]
    flip = TRANSFORMS.build(dict(type='SpatialFlip', p=1.0))
    rec = _random_record()
    kp, score = rec['keypoint'].copy(), rec['keypoint_score'].copy()
    out = flip(rec)
    np.testing.assert_array_equal(out['keypoint'], kp[:, :, AIMCLR_NTU_ORDER])
    np.testing.assert_array_equal(out['keypoint_score'],
                                  score[:, :, AIMCLR_NTU_ORDER])
    out = flip(out)
    np.testing.assert_array_equal(out['keypoint'], kp)
    np.testing.assert_array_equal(out['keypoint_score'], score)


def test_spatial_flip_probability_and_mirror():
    np.random.seed(0)
    flip = TRANSFORMS.build(dict(type='SpatialFlip'))
    n = 0
    for _ in range(2000):
        rec = _random_record(score=False, t=2)
        kp = rec['keypoint'].copy()
        n += not np.array_equal(flip(rec)['keypoint'], kp)
    assert 900 < n < 1100
    mirror = TRANSFORMS.build(dict(type='SpatialFlip', p=1, mirror_axis=0))
    rec = _random_record()
    kp = rec['keypoint'].copy()
    out = mirror(rec)['keypoint']
    np.testing.assert_array_equal(out[..., 0], -kp[:, :, AIMCLR_NTU_ORDER, 0])
    with pytest.raises(ValueError, match='joints'):
        flip(dict(keypoint=np.zeros((1, 2, 17, 3), np.float32)))


def test_rotation_matrices_are_rotations():
    for axis in range(3):
        r = rotation_matrix(axis, 0.3)
        np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
        assert np.isclose(np.linalg.det(r), 1)
        assert np.isclose(r[axis, axis], 1)
    # the authors' x rotation: y' = c y + s z
    r = rotation_matrix(0, math.pi / 2)
    np.testing.assert_allclose(r @ [0, 1, 0], [0, 0, -1], atol=1e-12)


def test_random_rotate_preserves_lengths_and_angle_range():
    rot = TRANSFORMS.build(dict(type='RandomRotate', record=True))
    bones = np.array(NTU_RGBD.bones)
    mains = set()
    for seed in range(100):
        np.random.seed(seed)
        rec = _random_record(seed)
        kp = rec['keypoint'].copy()
        out = rot(rec)
        new = out['keypoint']
        length = np.linalg.norm(kp[:, :, bones[:, 0]] - kp[:, :, bones[:, 1]],
                                axis=-1)
        new_length = np.linalg.norm(
            new[:, :, bones[:, 0]] - new[:, :, bones[:, 1]], axis=-1)
        np.testing.assert_allclose(new_length, length, rtol=1e-4, atol=1e-5)
        main, angles = out['rotation']
        mains.add(main)
        for axis, a in enumerate(angles):
            assert 0 <= a <= (30 if axis == main else 1)
        # total rotation angle within the composed range
        r = np.linalg.lstsq(kp.reshape(-1, 3).astype(np.float64),
                            new.reshape(-1, 3).astype(np.float64),
                            rcond=None)[0].T
        cos = np.clip((np.trace(r) - 1) / 2, -1, 1)
        assert math.degrees(math.acos(cos)) <= 32 + 1e-3
    assert mains == {0, 1, 2}


def test_random_rotate_single_axis_recovers_angle():
    rot = TRANSFORMS.build(dict(type='RandomRotate', minor_angle=0,
                                record=True))
    for seed in range(30):
        np.random.seed(seed)
        out = rot(_unit_record())
        main, angles = out['rotation']
        r = out['keypoint'][0, 0].T.astype(np.float64)
        np.testing.assert_allclose(
            r, rotation_matrix(main, math.radians(angles[main])), atol=1e-6)
        angle = math.degrees(math.acos(np.clip((np.trace(r) - 1) / 2, -1, 1)))
        assert 0 <= angle <= 30 + 1e-4


def test_axis_mask_zeroes_exactly_one_axis():
    am = TRANSFORMS.build(dict(type='AxisMask', p=1.0))
    axes = set()
    np.random.seed(0)
    for _ in range(60):
        rec = _random_record(score=False)
        kp = rec['keypoint'].copy()
        new = am(rec)['keypoint']
        zero = [a for a in range(3) if np.all(new[..., a] == 0)]
        assert len(zero) == 1
        keep = [a for a in range(3) if a != zero[0]]
        np.testing.assert_array_equal(new[..., keep], kp[..., keep])
        axes.add(zero[0])
    assert axes == {0, 1, 2}
    rec = _random_record(score=False)
    kp = rec['keypoint'].copy()
    out = TRANSFORMS.build(dict(type='AxisMask', p=0.0))(rec)
    np.testing.assert_array_equal(out['keypoint'], kp)
