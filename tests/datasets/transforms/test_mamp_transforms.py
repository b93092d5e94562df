"""MAMP's data path: valid-length crop and resize (against the authors'
valid_crop_resize, re-implemented on their (C, T, V, M) layout) and the
random rotation R_z R_y R_x (their _rot)."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from skelact.datasets.transforms import (RandomRotXYZ, ValidCropResize,
                                         mamp_valid_frames)


def _sample(valid=100, total=300, seed=0):
    kp = np.zeros((2, total, 25, 3), np.float32)
    kp[:, :valid] = np.random.default_rng(seed).normal(
        size=(2, valid, 25, 3))
    return kp


def _authors_resize(data_ctvm, start, stop, window):
    c, _, v, m = data_ctvm.shape
    x = torch.tensor(data_ctvm[:, start:stop], dtype=torch.float)
    x = x.permute(0, 2, 3, 1).contiguous().view(c * v * m, stop - start)
    x = F.interpolate(x[None, None], size=(c * v * m, window),
                      mode='bilinear', align_corners=False).squeeze()
    return x.view(c, v, m, window).permute(0, 3, 1, 2).numpy()


def test_centre_crop_matches_the_authors():
    kp = _sample(valid=100)
    assert mamp_valid_frames(kp) == 100
    out = ValidCropResize(p_interval=(0.95,), length=120)(
        dict(keypoint=kp.copy()))
    bias = int((1 - 0.95) * 100 / 2)  # 2: frames 2 .. 97
    want = _authors_resize(kp.transpose(3, 1, 2, 0), bias, 100 - bias, 120)
    assert out['keypoint'].shape == (2, 120, 25, 3)
    assert out['total_frames'] == 120
    np.testing.assert_allclose(out['keypoint'], want.transpose(3, 1, 2, 0),
                               atol=1e-6)


def test_random_crop_length_and_seed():
    t = ValidCropResize(p_interval=(0.5, 1.0), min_length=64, length=120)
    np.random.seed(0)
    spans = [t.crop_range(100) for _ in range(200)]
    sizes = [b - a for a, b in spans]
    assert min(sizes) >= 64 and max(sizes) <= 100
    assert all(0 <= a and b <= 100 for a, b in spans)
    assert len(set(sizes)) > 10
    assert t.crop_range(40) == (0, 40)  # fewer than 64 valid: all of them
    np.random.seed(1)
    a = t(dict(keypoint=_sample()))['keypoint']
    np.random.seed(1)
    b = t(dict(keypoint=_sample()))['keypoint']
    assert np.array_equal(a, b)


def test_bad_crop_arguments():
    with pytest.raises(ValueError, match='p_interval'):
        ValidCropResize(p_interval=(1.0, 0.5))
    with pytest.raises(ValueError, match='no valid frame'):
        ValidCropResize()(dict(keypoint=np.zeros((1, 10, 25, 3), np.float32),
                               sample_name='S001'))


def _authors_rot(theta):
    """feeder/tools.py::_rot for one frame: R_z @ R_y @ R_x."""
    c, s = np.cos(theta), np.sin(theta)
    rx = np.array([[1, 0, 0], [0, c[0], s[0]], [0, -s[0], c[0]]])
    ry = np.array([[c[1], 0, -s[1]], [0, 1, 0], [s[1], 0, c[1]]])
    rz = np.array([[c[2], s[2], 0], [-s[2], c[2], 0], [0, 0, 1]])
    return rz @ ry @ rx


def test_rotation_matches_the_authors():
    kp = _sample(valid=20, total=20)
    np.random.seed(3)
    out = RandomRotXYZ(theta=0.3, record=True)(dict(keypoint=kp.copy()))
    angles = np.array(out['rotation'])
    assert np.all(np.abs(angles) <= 0.3)
    want = kp.astype(np.float64) @ _authors_rot(angles).T
    np.testing.assert_allclose(out['keypoint'], want, atol=1e-5)
    # a rotation keeps lengths
    np.testing.assert_allclose(np.linalg.norm(out['keypoint'], axis=-1),
                               np.linalg.norm(kp, axis=-1), atol=1e-5)
    assert math.isclose(np.linalg.det(_authors_rot(angles)), 1.0)
