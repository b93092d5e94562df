"""Temporal transforms: AimCLR temporal crop, time flip, uniform sampling."""
import numpy as np
import pytest

from skelact.registry import TRANSFORMS


def _record(m=2, t=50, v=25, c=3, score=True):
    # frame index encoded in the coordinates, so frame moves are traceable
    kp = np.zeros((m, t, v, c), np.float32)
    kp[..., 0] = np.arange(t, dtype=np.float32)[None, :, None]
    kp[..., 1] = np.arange(v, dtype=np.float32)[None, None, :]
    kp[..., 2] = np.arange(m, dtype=np.float32)[:, None, None] + 1
    rec = dict(keypoint=kp, total_frames=t, label=0)
    if score:
        rec['keypoint_score'] = kp[..., 0].copy()  # score = frame index
    return rec


def _frames(rec):
    return rec['keypoint'][0, :, 0, 0].astype(int)


def test_temporal_crop_definition():
    crop = TRANSFORMS.build(dict(type='RandomTemporalCrop'))
    t, pad = 50, 50 // 6
    # the authors' padded sequence: reversed edges, edge frame repeated
    padded = np.concatenate([np.arange(pad)[::-1], np.arange(t),
                             np.arange(t - pad, t)[::-1]])
    starts = set()
    for seed in range(200):
        np.random.seed(seed)
        start = np.random.randint(0, 2 * pad + 1)
        starts.add(start)
        np.random.seed(seed)
        out = crop(_record(t=t))
        assert out['keypoint'].shape == (2, t, 25, 3)
        assert out['total_frames'] == t
        np.testing.assert_array_equal(_frames(out), padded[start:start + t])
        # consistency: every person and the score moved together
        np.testing.assert_array_equal(out['keypoint'][1, :, 3, 0],
                                      out['keypoint_score'][1, :, 3])
    assert starts == set(range(2 * pad + 1))


def test_temporal_crop_symmetric_padding_edges():
    np.random.seed(0)
    crop = TRANSFORMS.build(dict(type='RandomTemporalCrop'))
    seen_first = set()
    for _ in range(300):
        out = crop(_record(t=12, m=1))  # pad = 2
        seen_first.add(tuple(_frames(out)[:3]))
    # start 0: frames [1, 0, 0, ...] -- symmetric mode repeats frame 0
    assert (1, 0, 0) in seen_first
    assert (0, 1, 2) in seen_first


def test_temporal_crop_short_and_disabled():
    rec = _record(t=5)
    out = TRANSFORMS.build(dict(type='RandomTemporalCrop'))(rec)
    np.testing.assert_array_equal(_frames(out), np.arange(5))
    out = TRANSFORMS.build(dict(type='RandomTemporalCrop',
                                padding_ratio=0))(_record())
    np.testing.assert_array_equal(_frames(out), np.arange(50))


def test_temporal_flip():
    flip = TRANSFORMS.build(dict(type='TemporalFlip', p=1.0))
    out = flip(_record(t=30))
    np.testing.assert_array_equal(_frames(out), np.arange(30)[::-1])
    np.testing.assert_array_equal(out['keypoint_score'][0, :, 0],
                                  np.arange(30)[::-1])
    assert out['total_frames'] == 30
    out = TRANSFORMS.build(dict(type='TemporalFlip', p=0.0))(_record(t=30))
    np.testing.assert_array_equal(_frames(out), np.arange(30))
    np.random.seed(1)
    flips = sum(_frames(TRANSFORMS.build(dict(type='TemporalFlip'))(
        _record(t=4)))[0] == 3 for _ in range(2000))
    assert 900 < flips < 1100


@pytest.mark.parametrize('n', [7, 20, 25, 40, 100, 301])
def test_uniform_sample_train(n):
    np.random.seed(0)
    clip_len = 20
    us = TRANSFORMS.build(dict(type='UniformSample', clip_len=clip_len))
    for _ in range(20):
        rec = _record(t=max(n, 310), m=1)
        rec['total_frames'] = n
        out = us(rec)
        inds = out['frame_inds']
        assert out['keypoint'].shape == (1, clip_len, 25, 3)
        assert out['keypoint_score'].shape == (1, clip_len, 25)
        assert out['total_frames'] == clip_len
        np.testing.assert_array_equal(_frames(out), inds)
        assert inds.min() >= 0 and inds.max() < n
        if n >= clip_len:
            # one frame in each of the clip_len segments, increasing
            assert np.all(np.diff(inds) > 0)
            bids = np.arange(clip_len + 1) * n // clip_len
            if n >= 2 * clip_len:
                assert np.all((inds >= bids[:-1]) & (inds < bids[1:]))
        else:
            # looped: consecutive modulo n
            assert np.all((np.diff(inds) - 1) % n == 0)


def test_uniform_sample_test_mode():
    us = TRANSFORMS.build(dict(type='UniformSample', clip_len=10,
                               test_mode=True))
    out = us(_record(t=100, m=1))
    np.testing.assert_array_equal(out['frame_inds'], np.arange(5, 100, 10))
    np.random.seed(0)
    a = np.random.rand()
    np.random.seed(0)
    us(_record(t=100))
    assert np.random.rand() == a  # test mode does not touch global state
    us3 = TRANSFORMS.build(dict(type='UniformSample', clip_len=10,
                                num_clips=3, test_mode=True))
    out = us3(_record(t=100, m=1))
    assert out['keypoint'].shape[1] == 30 and out['num_clips'] == 3
    clips = out['frame_inds'].reshape(3, 10)
    assert len({tuple(c) for c in clips}) == 3
    # short sequence looped
    out = us(_record(t=4, m=1))
    np.testing.assert_array_equal(out['frame_inds'], np.arange(10) % 4)
    pys = TRANSFORMS.build(dict(type='UniformSample', clip_len=10,
                                num_clips=2, test_mode=True,
                                test_sampling='pyskl'))
    a = pys(_record(t=100))['frame_inds']
    np.random.seed(123)
    b = pys(_record(t=100))['frame_inds']
    np.testing.assert_array_equal(a, b)


def test_uniform_sample_reproducible():
    us = TRANSFORMS.build(dict(type='UniformSample', clip_len=16,
                               num_clips=2))
    np.random.seed(7)
    a = us(_record(t=100))['frame_inds']
    np.random.seed(7)
    b = us(_record(t=100))['frame_inds']
    np.testing.assert_array_equal(a, b)
