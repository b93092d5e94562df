"""Gaussian noise and temporal Gaussian blur (AimCLR feeder/tools.py)."""
import numpy as np

from skelact.datasets.transforms.noise import gaussian_kernel, temporal_filter
from skelact.registry import TRANSFORMS


def _record(m=2, t=50, v=25, seed=0):
    rng = np.random.default_rng(seed)
    kp = rng.normal(size=(m, t, v, 3)).astype(np.float32)
    return dict(keypoint=kp, total_frames=t,
                keypoint_score=np.ones((m, t, v), np.float32))


def test_noise_std_and_mean():
    np.random.seed(0)
    noise = TRANSFORMS.build(dict(type='GaussianNoise', p=1.0))
    rec = _record(t=200)
    kp = rec['keypoint'].copy()
    diff = noise(rec)['keypoint'].astype(np.float64) - kp
    assert abs(diff.std() - 0.01) < 0.0005
    assert abs(diff.mean()) < 0.0005
    assert rec['keypoint'].dtype == np.float32
    np.testing.assert_array_equal(rec['keypoint_score'], 1)


def test_noise_probability_and_mask():
    np.random.seed(0)
    noise = TRANSFORMS.build(dict(type='GaussianNoise'))
    applied = 0
    for _ in range(1000):
        rec = _record(t=2)
        kp = rec['keypoint'].copy()
        applied += not np.array_equal(noise(rec)['keypoint'], kp)
    assert 430 < applied < 570
    rec = _record()
    rec['keypoint'][1] = 0
    out = TRANSFORMS.build(dict(type='GaussianNoise', p=1,
                                mask_zeros=True))(rec)
    assert np.all(out['keypoint'][1] == 0)
    assert np.all(out['keypoint'][0] != 0)


def test_blur_kernel():
    for sigma in (0.1, 0.5, 1.0, 2.0):
        taps = gaussian_kernel(15, sigma)
        assert len(taps) == 15
        k = np.arange(-7, 8)
        np.testing.assert_allclose(taps, np.exp(-k ** 2 / (2 * sigma ** 2)))
        assert taps[7] == 1 and np.all(taps == taps[::-1])
        norm = gaussian_kernel(15, sigma, normalize=True)
        assert np.isclose(norm.sum(), 1)
    # the authors' taps are unnormalised: sum ~ sqrt(2 pi) sigma
    assert np.isclose(gaussian_kernel(15, 2.0).sum(), np.sqrt(2 * np.pi) * 2,
                      rtol=1e-3)


def test_blur_matches_convolution_and_sigma_range():
    blur = TRANSFORMS.build(dict(type='GaussianBlur', p=1.0, record=True))
    sigmas = []
    for seed in range(40):
        np.random.seed(seed)
        rec = _record(seed=seed)
        kp = rec['keypoint'].copy()
        out = blur(rec)
        sigma = out['blur_sigma']
        sigmas.append(sigma)
        assert 0.1 <= sigma <= 2.0
        assert out['keypoint'].shape == kp.shape
        taps = gaussian_kernel(15, sigma)
        series = kp[1, :, 3, 2].astype(np.float64)
        expected = np.convolve(series, taps, mode='same')  # zero padding
        np.testing.assert_allclose(out['keypoint'][1, :, 3, 2], expected,
                                   rtol=1e-5, atol=1e-5)
    assert min(sigmas) < 0.5 and max(sigmas) > 1.6


def test_blur_normalized_keeps_constant_and_short_sequences():
    kp = np.ones((1, 40, 2, 3), np.float32)
    out = temporal_filter(kp, gaussian_kernel(15, 1.5, normalize=True))
    np.testing.assert_allclose(out[:, 7:-7], 1, rtol=1e-6)
    out = TRANSFORMS.build(dict(type='GaussianBlur', p=1))(
        dict(keypoint=np.ones((1, 3, 2, 3), np.float32)))
    assert out['keypoint'].shape == (1, 3, 2, 3)


def test_blur_probability():
    np.random.seed(0)
    blur = TRANSFORMS.build(dict(type='GaussianBlur', record=True))
    applied = 0
    for _ in range(1000):
        rec = _record(t=3, m=1, v=1)
        kp = rec['keypoint'].copy()
        out = blur(rec)
        if 'blur_sigma' in out:
            applied += 1
        else:
            np.testing.assert_array_equal(out['keypoint'], kp)
    assert 430 < applied < 570
