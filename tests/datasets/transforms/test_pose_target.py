"""PoseConv3D heatmaps: values against a loop re-implementation of pyskl's
formula (kennymckormick/pyskl, heatmap_related.py), peak and sigma, limb
distance, score weighting, points outside the image, flips, grayscale."""
import numpy as np
import pytest

from skelact.datasets.transforms import (Flip, GeneratePoseTarget,
                                         PYSKL_LIMBS, pose_heatmaps)
from skelact.datasets.transforms.pose_target import flip_channel_index
from skelact.skeletons import COCO

EPS = 1e-3


# -- a loop re-implementation of pyskl's formula (one point / limb at a time)
def _ref_kp(arr, mu, value, sigma):
    h, w = arr.shape
    if value < EPS:
        return
    st_x, ed_x = max(int(mu[0] - 3 * sigma), 0), min(int(mu[0] + 3 * sigma)
                                                     + 1, w)
    st_y, ed_y = max(int(mu[1] - 3 * sigma), 0), min(int(mu[1] + 3 * sigma)
                                                     + 1, h)
    for y in range(st_y, ed_y):
        for x in range(st_x, ed_x):
            d2 = (x - mu[0]) ** 2 + (y - mu[1]) ** 2
            arr[y, x] = max(arr[y, x], value * np.exp(-d2 / 2 / sigma ** 2))


def _ref_limb(arr, a, b, va, vb, sigma):
    h, w = arr.shape
    v = min(va, vb)
    if v < EPS:
        return
    x0 = max(int(min(a[0], b[0]) - 3 * sigma), 0)
    x1 = min(int(max(a[0], b[0]) + 3 * sigma) + 1, w)
    y0 = max(int(min(a[1], b[1]) - 3 * sigma), 0)
    y1 = min(int(max(a[1], b[1]) + 3 * sigma) + 1, h)
    if x1 <= x0 or y1 <= y0:
        return
    ab2 = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
    if ab2 < 1:
        _ref_kp(arr, a, va, sigma)
        return
    for y in range(y0, y1):
        for x in range(x0, x1):
            p = np.array([x, y], np.float64)
            t = np.dot(p - a, b - a) / ab2
            if t <= 0:
                d2 = np.sum((p - a) ** 2)
            elif t >= 1:
                d2 = np.sum((p - b) ** 2)
            else:
                d2 = np.sum((p - (a + t * (b - a))) ** 2)
            arr[y, x] = max(arr[y, x], v * np.exp(-d2 / 2 / sigma ** 2))


def _reference(kp, score, shape, sigma, limbs=None):
    m, t, v = kp.shape[:3]
    k = v if limbs is None else len(limbs)
    out = np.zeros((k, t, *shape))
    kp = kp.astype(np.float64)
    for f in range(t):
        for p in range(m):
            if limbs is None:
                for j in range(v):
                    _ref_kp(out[j, f], kp[p, f, j], score[p, f, j], sigma)
            else:
                for i, (a, b) in enumerate(limbs):
                    _ref_limb(out[i, f], kp[p, f, a], kp[p, f, b],
                              score[p, f, a], score[p, f, b], sigma)
    return out


def _random_pose(rng, m=2, t=3, shape=(20, 24), margin=4):
    h, w = shape
    kp = np.stack([rng.uniform(-margin, w + margin, (m, t, 17)),
                   rng.uniform(-margin, h + margin, (m, t, 17))], -1)
    score = rng.uniform(0, 1, (m, t, 17))
    score[rng.uniform(size=score.shape) < 0.1] = 5e-4   # below EPS
    return kp.astype(np.float32), score.astype(np.float32)


@pytest.mark.parametrize('sigma', [0.6, 1.5])
def test_keypoint_heatmaps_equal_reference(sigma):
    rng = np.random.default_rng(0)
    kp, score = _random_pose(rng)
    out = pose_heatmaps(kp, score, (20, 24), sigma=sigma)
    assert out.shape == (1, 17, 3, 20, 24) and out.dtype == np.float32
    ref = _reference(kp, score, (20, 24), sigma)
    np.testing.assert_allclose(out[0], ref, atol=1e-6, rtol=1e-5)


def test_limb_heatmaps_equal_reference():
    rng = np.random.default_rng(1)
    kp, score = _random_pose(rng, margin=6)
    kp[0, 0, 6] = kp[0, 0, 0] + 0.3      # a limb shorter than one pixel
    out = pose_heatmaps(kp, score, (20, 24), with_kp=False, with_limb=True)
    assert out.shape == (1, len(PYSKL_LIMBS), 3, 20, 24)
    ref = _reference(kp, score, (20, 24), 0.6, limbs=PYSKL_LIMBS)
    np.testing.assert_allclose(out[0], ref, atol=1e-6, rtol=1e-5)


def test_peak_sigma_and_score_weighting():
    kp = np.zeros((1, 1, 17, 2), np.float32)
    kp[0, 0, :] = [10, 7]
    score = np.zeros((1, 1, 17), np.float32)
    score[0, 0, 3] = 0.8
    out = pose_heatmaps(kp, score, (16, 20), sigma=1.0, window=None)[0, :, 0]
    assert np.abs(out[np.arange(17) != 3]).max() == 0       # score 0: none
    hm = out[3]
    assert np.unravel_index(hm.argmax(), hm.shape) == (7, 10)
    assert hm[7, 10] == pytest.approx(0.8)                 # peak = score
    assert hm[7, 11] == pytest.approx(0.8 * np.exp(-0.5))  # one sigma away
    assert hm[9, 10] == pytest.approx(0.8 * np.exp(-2.0))  # two sigmas
    # pyskl's window: pixels int(mu - 3 sigma) .. int(mu + 3 sigma) only
    win = pose_heatmaps(kp, score, (16, 20), sigma=1.0)[0, 3, 0]
    assert win[7, 14] == 0 and win[7, 13] > 0
    assert win[7, 6] == 0 and win[7, 7] > 0


def test_limb_distance_to_segment():
    kp = np.zeros((1, 1, 17, 2), np.float32)
    kp[0, 0, 5] = [4, 10]           # left shoulder
    kp[0, 0, 7] = [14, 10]          # left elbow: limb (5, 7) is index 2
    score = np.ones((1, 1, 17), np.float32)
    score[0, 0, 7] = 0.5
    out = pose_heatmaps(kp, score, (20, 20), sigma=1.0, with_kp=False,
                        with_limb=True, window=None)[0, 2, 0]
    assert out[10, 4:15] == pytest.approx(0.5)            # on the segment
    assert out[12, 9] == pytest.approx(0.5 * np.exp(-2))  # 2 px beside it
    assert out[10, 16] == pytest.approx(0.5 * np.exp(-2))  # 2 px past b
    assert out[13, 1] == pytest.approx(0.5 * np.exp(-9))  # 3, 3 from a


def test_points_outside_the_image():
    kp = np.full((1, 1, 17, 2), -50, np.float32)
    kp[0, 0, 0] = [-1.0, 5.0]      # one pixel left of the image
    kp[0, 0, 1] = [-2.0, 5.0]      # int(-2 + 1.8) = 0: still draws column 0
    kp[0, 0, 2] = [-2.9, 5.0]      # int(-2.9 + 1.8) + 1 = 0: nothing
    score = np.ones((1, 1, 17), np.float32)
    out = pose_heatmaps(kp, score, (10, 10))[0, :, 0]
    assert out[0, 5, 0] == pytest.approx(np.exp(-1 / 0.72), rel=1e-6)
    assert out[0, 5, 1] == 0              # int(-1 + 1.8) + 1 = 1: only x=0
    assert out[1, 5, 0] == pytest.approx(np.exp(-4 / 0.72), rel=1e-6)
    assert out[2].max() == 0 and out[3:].max() == 0


def _sample(rng, shape=(32, 32)):
    kp, score = _random_pose(rng, m=2, t=4, shape=shape, margin=-3)
    return dict(keypoint=kp, keypoint_score=score, img_shape=shape)


def test_flipped_sample_gives_flipped_heatmap():
    rng = np.random.default_rng(2)
    res = _sample(rng)
    gen = GeneratePoseTarget(window=None)
    plain = gen(dict(res))['imgs'][0]
    flipped = gen(Flip(flip_ratio=1, convention='pixel')(dict(res)))['imgs']
    expect = plain[np.asarray(COCO.flip_index)][..., ::-1]
    np.testing.assert_allclose(flipped[0], expect, atol=1e-6)
    # pyskl's window and x -> W - x flip: a one-pixel shift, values close
    gen_p = GeneratePoseTarget()
    shifted = gen_p(Flip(flip_ratio=1)(dict(res)))['imgs'][0]
    np.testing.assert_allclose(shifted[..., 1:], expect[..., :-1],
                               atol=0.012)
    # double=True appends exactly the mirrored, channel-swapped volume
    both = GeneratePoseTarget(double=True)(dict(res))['imgs']
    assert both.shape[0] == 2
    np.testing.assert_array_equal(
        both[1], both[0][np.asarray(COCO.flip_index)][..., ::-1])


def test_limb_flip_index_matches_pyskl_config():
    idx = flip_channel_index('coco', with_kp=False, with_limb=True)
    left = [0, 2, 3, 6, 7, 8, 12, 14]      # pyskl limb.py left_limb
    right = [1, 4, 5, 9, 10, 11, 13, 15]
    expect = np.arange(17)
    expect[left], expect[right] = right, left
    np.testing.assert_array_equal(idx, expect)
    assert set(map(frozenset, COCO.edges)) | {frozenset((11, 12))} == \
        set(map(frozenset, PYSKL_LIMBS))
    kp_idx = flip_channel_index('coco')
    np.testing.assert_array_equal(kp_idx[[1, 3, 5, 7, 9, 11, 13, 15]],
                                  [2, 4, 6, 8, 10, 12, 14, 16])


def test_grayscale_merge_and_clips():
    rng = np.random.default_rng(3)
    res = _sample(rng)
    res['num_clips'] = 2
    full = GeneratePoseTarget()(dict(res))['imgs']
    assert full.shape == (2, 17, 2, 32, 32)
    # clip 1 holds frames 2, 3
    single = pose_heatmaps(res['keypoint'][:, 2:], res['keypoint_score'][:,
                                                                         2:],
                           (32, 32))
    np.testing.assert_array_equal(full[1], single[0])
    mx = GeneratePoseTarget(merge='max')(dict(res))['imgs']
    sm = GeneratePoseTarget(merge='sum')(dict(res))['imgs']
    assert mx.shape == sm.shape == (2, 1, 2, 32, 32)
    np.testing.assert_array_equal(mx[:, 0], full.max(1))
    np.testing.assert_allclose(sm[:, 0], np.minimum(full.sum(1), 1),
                               rtol=1e-6)
    assert sm.max() <= 1 and (sm >= mx - 1e-6).all()


def test_bad_input():
    res = dict(keypoint=np.zeros((1, 2, 17, 2), np.float32),
               img_shape=(8, 8))
    with pytest.raises(KeyError, match='keypoint_score'):
        GeneratePoseTarget()(dict(res))
    assert GeneratePoseTarget(use_score=False)(dict(res))['imgs'].shape == \
        (1, 17, 2, 8, 8)
    no_shape = dict(res, keypoint_score=np.ones((1, 2, 17), np.float32))
    del no_shape['img_shape']
    with pytest.raises(KeyError, match='img_shape'):
        GeneratePoseTarget()(no_shape)
    with pytest.raises(ValueError, match='exactly one'):
        GeneratePoseTarget(with_kp=True, with_limb=True)
    with pytest.raises(ValueError, match='joints'):
        GeneratePoseTarget(use_score=False)(
            dict(keypoint=np.zeros((1, 2, 25, 2), np.float32),
                 img_shape=(8, 8)))
