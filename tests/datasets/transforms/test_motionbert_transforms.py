"""MotionBERT's 2D preprocessing; expected values written from the formulas
of Walter0807/MotionBERT (lib/data/dataset_action.py,
lib/utils/utils_data.py)."""
import numpy as np
import pytest

from skelact.datasets.transforms.motionbert import (
    CropScale, HumanTracking, NormalizeByImageSize, RandomMove,
    ResampleFrames, ZeroPadPersons, motionbert_resample_indices)
from skelact.registry import TRANSFORMS


def test_normalize_by_longer_side():
    kp = np.array([[[[0, 0], [1280, 720], [640, 360]]]], np.float32)
    out = NormalizeByImageSize()(dict(keypoint=kp.copy(),
                                      img_shape=(720, 1280)))['keypoint']
    np.testing.assert_allclose(out[0, 0], [[-1, -1], [1, 0.125], [0, -0.4375]])
    out = NormalizeByImageSize()(dict(keypoint=kp[..., ::-1].copy(),
                                      img_shape=(1280, 720)))['keypoint']
    np.testing.assert_allclose(out[0, 0, 1], [0.125, 1])
    with pytest.raises(KeyError, match='img_shape'):
        NormalizeByImageSize()(dict(keypoint=kp))


def test_resample_test_mode_and_train_properties():
    np.testing.assert_array_equal(motionbert_resample_indices(10, 4, False),
                                  [0, 2, 5, 7])
    np.random.seed(0)
    for n in (50, 243, 400):
        inds = motionbert_resample_indices(n, 243, True)
        assert inds.shape == (243,) and inds.min() >= 0 and inds.max() < n
        assert np.all(np.diff(inds) >= 0)
        even = np.linspace(0, n, 243, endpoint=False)
        assert np.all(np.abs(inds - even) < max(n / 243, 1) + 1e-9)
    kp = np.random.rand(2, 30, 17, 2).astype(np.float32)
    sc = np.random.rand(2, 30, 17).astype(np.float32)
    out = ResampleFrames(243, test_mode=True)(
        dict(keypoint=kp, keypoint_score=sc, total_frames=30))
    inds = np.linspace(0, 30, 243, endpoint=False, dtype=int)
    np.testing.assert_array_equal(out['keypoint'], kp[:, inds])
    np.testing.assert_array_equal(out['keypoint_score'], sc[:, inds])
    assert out['total_frames'] == 243


def test_human_tracking_swaps_after_a_jump():
    kp = np.zeros((2, 4, 3, 2), np.float32)
    kp[0, :2], kp[1, :2] = 0.0, 5.0
    kp[0, 2:], kp[1, 2:] = 5.0, 0.0  # the persons swap slots at frame 2
    sc = np.zeros((2, 4, 3), np.float32)
    sc[0] = 1
    out = HumanTracking()(dict(keypoint=kp.copy(), keypoint_score=sc.copy()))
    assert np.all(out['keypoint'][0] == 0) and np.all(out['keypoint'][1] == 5)
    np.testing.assert_array_equal(out['keypoint_score'][0], [[1] * 3] * 2 +
                                  [[0] * 3] * 2)
    quirk = HumanTracking(with_score=False)(
        dict(keypoint=kp.copy(), keypoint_score=sc.copy()))
    np.testing.assert_array_equal(quirk['keypoint_score'], sc)


def test_zero_pad_persons():
    out = ZeroPadPersons(2)(dict(keypoint=np.ones((1, 3, 17, 2)),
                                 keypoint_score=np.ones((1, 3, 17))))
    assert out['keypoint'].shape == (2, 3, 17, 2)
    assert out['keypoint_score'].shape == (2, 3, 17)
    assert out['keypoint'][1].sum() == 0


def test_random_move_identity_and_range():
    kp = np.random.RandomState(0).rand(2, 10, 17, 3).astype(np.float32)
    same = RandomMove(angle_range=(0, 0), scale_range=(1, 1),
                      transform_range=(0, 0))(dict(keypoint=kp.copy()))
    np.testing.assert_allclose(same['keypoint'], kp, atol=1e-6)
    shift = RandomMove(angle_range=(0, 0), scale_range=(1, 1),
                       transform_range=(0.5, 0.5))(dict(keypoint=kp.copy()))
    np.testing.assert_allclose(shift['keypoint'][..., :2], kp[..., :2] + 0.5,
                               atol=1e-6)
    np.testing.assert_array_equal(shift['keypoint'][..., 2], kp[..., 2])
    rot = RandomMove(angle_range=(90, 90), scale_range=(2, 2),
                     transform_range=(0, 0))(
        dict(keypoint=np.array([[[[1, 0, 1]]] * 3], np.float32)))
    np.testing.assert_allclose(rot['keypoint'][0, :, 0, :2],
                               [[0, 2]] * 3, atol=1e-6)


def test_crop_scale_box_to_unit_square():
    kp = np.array([[[[0, 0], [2, 1], [1, 0.5], [0, 1], [9, 9]]]], np.float32)
    sc = np.array([[[1, 1, 1, 1, 0]]], np.float32)
    out = TRANSFORMS.build(dict(type='CropScale', scale_range=(1, 1)))(
        dict(keypoint=kp.copy(), keypoint_score=sc.copy()))
    # box x [0, 2], y [0, 1] (joint 4 has confidence 0); scale 2; origin
    # (0, -0.5); ((p - origin) / 2 - 0.5) * 2 = p - origin - 1, clipped
    np.testing.assert_allclose(out['keypoint'][0, 0],
                               [[-1, -0.5], [1, 0.5], [0, 0], [-1, 0.5],
                                [1, 1]])
    # scale_range (2, 2): the box fills the middle half
    out = CropScale((2, 2))(dict(keypoint=kp.copy(),
                                 keypoint_score=sc.copy()))
    np.testing.assert_allclose(out['keypoint'][0, 0, :4],
                               [[-0.5, -0.25], [0.5, 0.25], [0, 0],
                                [-0.5, 0.25]])
    # confidence as the third channel works the same
    kp3 = np.concatenate([kp, sc[..., None]], -1)
    out3 = CropScale((2, 2))(dict(keypoint=kp3))['keypoint']
    np.testing.assert_allclose(out3[0, 0, :4, :2], out['keypoint'][0, 0, :4])
    np.testing.assert_array_equal(out3[..., 2], sc)


def test_crop_scale_too_few_joints_gives_zeros():
    kp = np.ones((1, 2, 17, 2), np.float32)
    sc = np.zeros((1, 2, 17), np.float32)
    sc[0, 0, :3] = 1
    out = CropScale()(dict(keypoint=kp, keypoint_score=sc))
    assert not out['keypoint'].any() and not out['keypoint_score'].any()
