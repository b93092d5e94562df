"""The image-keypoint steps in front of PoseConv3D's heatmaps: pyskl's
PoseCompact / Resize / RandomResizedCrop / Flip / UniformSampleFrames on
hand-computed cases, the skeleton volume, the camera projection, errors."""
import numpy as np
import pytest

from skelact.datasets.transforms import (Flip, PoseCompact, ProjectToImage,
                                         RandomResizedCrop, Resize,
                                         SkeletonToVolume,
                                         UniformSampleFrames)
from skelact.skeletons import SkeletonLayout


def _rec(kp, shape=(100, 200)):
    kp = np.asarray(kp, np.float32)
    return dict(keypoint=kp, keypoint_score=np.ones(kp.shape[:3], 'f4'),
                img_shape=shape)


def test_pose_compact_box_padding_and_ratio():
    kp = np.zeros((1, 2, 17, 2), np.float32)
    kp[0, 0, 0] = [40, 30]
    kp[0, 1, 1] = [80, 50]          # box x 40..80, y 30..50; zeros ignored
    out = PoseCompact(hw_ratio=1., allow_imgpad=True)(_rec(kp))
    # centre (60, 40); half sizes 25, 12.5 -> square 25: x 35..85, y 15..65
    assert out['img_shape'] == (50, 50)
    np.testing.assert_allclose(out['keypoint'][0, 0, 0], [5, 15])
    np.testing.assert_allclose(out['keypoint'][0, 1, 1], [45, 35])
    assert out['keypoint'][0, 0, 2].tolist() == [0, 0]   # missing stays 0
    small = np.zeros((1, 1, 17, 2), np.float32)
    small[0, 0, :2] = [[10, 10], [15, 30]]               # 5 px wide: no-op
    assert PoseCompact()(_rec(small))['img_shape'] == (100, 200)


def test_resize_short_side_and_exact():
    kp = np.full((1, 1, 17, 2), 10, np.float32)
    out = Resize(scale=(-1, 64))(_rec(kp, (100, 200)))
    assert out['img_shape'] == (64, 128)
    np.testing.assert_allclose(out['keypoint'][0, 0, 0], [6.4, 6.4])
    out = Resize(scale=(56, 56), keep_ratio=False)(_rec(kp, (100, 200)))
    assert out['img_shape'] == (56, 56)
    np.testing.assert_allclose(out['keypoint'][0, 0, 0], [2.8, 5.6])


def test_random_resized_crop_area_and_shift():
    np.random.seed(0)
    kp = np.full((1, 1, 17, 2), 50, np.float32)
    for _ in range(20):
        out = RandomResizedCrop(area_range=(0.56, 1.0))(_rec(kp, (64, 64)))
        h, w = out['img_shape']
        assert 0.5 <= h * w / 64 ** 2 <= 1.0 and h <= 64 and w <= 64
        x0, y0 = out['crop_bbox'][:2]
        np.testing.assert_allclose(out['keypoint'][0, 0, 0],
                                   [50 - x0, 50 - y0])


def test_flip_conventions_and_pairs():
    kp = np.zeros((1, 1, 17, 2), np.float32)
    kp[0, 0, 5] = [10, 3]           # left shoulder
    kp[0, 0, 6] = [30, 4]           # right shoulder
    rec = _rec(kp, (40, 56))
    rec['keypoint_score'][0, 0, 5] = 0.5
    out = Flip(flip_ratio=1)(dict(rec))            # pyskl: x -> W - x
    np.testing.assert_allclose(out['keypoint'][0, 0, 6], [46, 3])
    np.testing.assert_allclose(out['keypoint'][0, 0, 5], [26, 4])
    assert out['keypoint_score'][0, 0, 6] == 0.5
    assert out['keypoint'][0, 0, 0].tolist() == [0, 0]  # missing stays
    out = Flip(flip_ratio=1, convention='pixel')(dict(rec))
    np.testing.assert_allclose(out['keypoint'][0, 0, 6], [45, 3])
    assert Flip(flip_ratio=0)(dict(rec))['keypoint'] is rec['keypoint']
    lone = SkeletonLayout('lone', ('a', 'b'), ((0, 0), (1, 0)), (), 0)
    with pytest.raises(ValueError, match='no left/right pairs'):
        Flip(layout=lone)


def test_uniform_sample_frames_loops_and_is_deterministic_at_test():
    s = UniformSampleFrames(clip_len=8, num_clips=2, test_mode=True)
    rec = dict(keypoint=np.arange(5, dtype='f4').reshape(1, 5, 1, 1)
               * np.ones((1, 5, 17, 2), 'f4'), total_frames=5)
    out = s(dict(rec))
    # 5 < 8 frames: clip i starts at i (5 >= 2 clips: i * 5 // 2), loops
    assert out['frame_inds'].tolist() == [0, 1, 2, 3, 4, 0, 1, 2,
                                          2, 3, 4, 0, 1, 2, 3, 4]
    assert out['keypoint'].shape == (1, 16, 17, 2)
    assert out['num_clips'] == 2 and out['clip_len'] == 8
    long = UniformSampleFrames(clip_len=4, test_mode=True)
    a, b = long.frame_indices(100), long.frame_indices(100)
    assert a.tolist() == b.tolist()
    assert all(25 * i <= f < 25 * (i + 1) for i, f in enumerate(a))
    with pytest.raises(ValueError, match='clip_len'):
        UniformSampleFrames(clip_len=0)


def test_projection_and_skeleton_volume():
    kp = np.zeros((2, 3, 25, 3), np.float32)
    kp[0, :, :, 2] = 2.0
    kp[0, :, 3, :2] = [0.5, 0.25]   # head, 2 m away
    out = ProjectToImage(img_shape=(100, 200), focal=100.)(dict(
        keypoint=kp))
    np.testing.assert_allclose(out['keypoint'][0, 0, 3], [125, 37.5])
    assert out['keypoint_score'][0].min() == 1
    assert out['keypoint_score'][1].max() == 0      # absent person
    assert out['img_shape'] == (100, 200)
    kp2 = np.zeros((1, 4, 17, 2), np.float32)
    kp2[0, :, 5] = [50, 25]
    kp2[0, :, 6] = [150, 75]
    rec = dict(_rec(kp2), num_clips=2)
    vol = SkeletonToVolume(num_persons=2, double=True)(rec)['imgs']
    assert vol.shape == (4, 3, 2, 17, 2)            # (S, C, L, V, M)
    np.testing.assert_allclose(vol[0, :, 0, 5, 0], [-0.5, -0.5, 1])
    np.testing.assert_allclose(vol[0, :, 0, 0, 0], [0, 0, 0])  # missing
    assert np.abs(vol[:, :, :, :, 1]).max() == 0    # padded person
    np.testing.assert_allclose(vol[2, :, 0, 6, 0], [0.5, -0.5, 1])  # flip


def test_missing_image_shape_is_named():
    kp = np.zeros((1, 1, 17, 2), np.float32)
    for t in (PoseCompact(), Resize(scale=(-1, 64)), RandomResizedCrop(),
              Flip(), SkeletonToVolume()):
        with pytest.raises(KeyError, match='img_shape'):
            t(dict(keypoint=kp, keypoint_score=np.ones((1, 1, 17))))
