"""Noise transforms: Gaussian coordinate noise and temporal Gaussian blur.

Facts from the AimCLR code (Levigty/AimCLR ``feeder/tools.py``; AimCLR,
Guo et al. AAAI 2022, Sec. 3.2 "Extreme augmentations"):

- ``gaus_noise(mean=0, std=0.01, p=0.5)``: i.i.d. ``N(mean, std^2)`` added
  to every entry of the (C, T, V, M) array -- absent persons and padding
  frames included.
- ``GaussianBlurConv(kernel=15, sigma=[0.1, 2])``: a 1D filter over frames,
  taps ``exp(-k^2 / (2 sigma^2))`` for ``k = -7 .. 7``, ``sigma`` uniform in
  ``[0.1, 2]`` (drawn before the coin flip), applied with probability 0.5
  by ``F.conv2d`` with zero padding of 7 frames on both sides (output
  length unchanged). The taps are NOT normalised: they sum to 1.0 at
  sigma 0.1, 1.09 at 0.4, 2.51 at 1 and 5.01 at 2 (``~ sqrt(2 pi) sigma``
  for sigma >~ 0.5), so the authors' blur also scales the coordinates by
  a factor in [1, 5] (less near the zero-padded ends).
  ``normalize=False`` (default) reproduces this; ``normalize=True`` makes
  it a proper smoothing filter (taps summing to 1).
"""
from typing import Sequence

import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint

__all__ = ['GaussianNoise', 'GaussianBlur', 'gaussian_kernel',
           'temporal_filter']


def gaussian_kernel(kernel_size: int, sigma: float,
                    normalize: bool = False) -> np.ndarray:
    """Taps ``exp(-k^2 / (2 sigma^2))``, ``k = -(size // 2) .. size // 2``
    (the authors use ``radius = int(kernel / 2)``; an odd size keeps the
    length), optionally divided by their sum."""
    radius = int(kernel_size // 2)
    k = np.arange(-radius, radius + 1, dtype=np.float64)
    taps = np.exp(-k ** 2 / (2.0 * sigma ** 2))
    if normalize:
        taps = taps / taps.sum()
    return taps


def temporal_filter(kp: np.ndarray, taps: np.ndarray) -> np.ndarray:
    """Correlate every (person, joint, channel) series of ``kp``
    (M, T, V, C) over frames with the symmetric ``taps``, zero padding
    ``len(taps) // 2`` frames each side (as ``F.conv2d(padding=(0, r))``)."""
    r = len(taps) // 2
    t = kp.shape[1]
    x = kp.astype(np.float64)
    padded = np.pad(x, ((0, 0), (r, r), (0, 0), (0, 0)))
    out = np.zeros_like(x)
    for j, w in enumerate(taps):
        out += w * padded[:, j:j + t]
    return out


@TRANSFORMS.register_module()
class GaussianNoise(BaseTransform):
    """Add i.i.d. Gaussian noise ``N(mean, std^2)`` to the coordinates with
    probability ``p`` (AimCLR ``gaus_noise``: mean 0, std 0.01, p 0.5).

    Args:
        mean: noise mean.
        std: noise standard deviation (same unit as the coordinates, metres
            for NTU).
        p: probability of applying.
        mask_zeros: keep absent (all-zero) joints at zero; the authors add
            noise everywhere (``False``).
    """

    def __init__(self, mean: float = 0.0, std: float = 0.01, p: float = 0.5,
                 mask_zeros: bool = False):
        self.mean = mean
        self.std = std
        self.p = p
        self.mask_zeros = mask_zeros

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if not np.random.rand() < self.p:
            return results
        noise = np.random.normal(self.mean, self.std, size=kp.shape)
        if self.mask_zeros:
            noise *= np.any(kp != 0, axis=-1, keepdims=True)
        results['keypoint'] = (kp + noise).astype(kp.dtype)
        return results


@TRANSFORMS.register_module()
class GaussianBlur(BaseTransform):
    """Temporal Gaussian blur (AimCLR ``GaussianBlurConv``).

    With probability ``p`` every coordinate series is filtered over frames
    by :func:`gaussian_kernel` ``(kernel_size, sigma)``, ``sigma`` uniform in
    ``sigma_range``, zero-padded at both ends, length unchanged. The sigma
    is drawn before the coin flip, as the authors do. Authors: kernel 15,
    sigma in [0.1, 2], p = 0.5, unnormalised taps (see the module notes);
    ``record=True`` stores the drawn ``sigma`` in ``results['blur_sigma']``
    when the blur is applied.

    Args:
        kernel_size: number of taps (odd).
        sigma_range: ``(min, max)`` of the uniform sigma.
        p: probability of applying.
        normalize: divide the taps by their sum (not in the authors' code).
        record: store the drawn sigma.
    """

    def __init__(self, kernel_size: int = 15,
                 sigma_range: Sequence[float] = (0.1, 2.0), p: float = 0.5,
                 normalize: bool = False, record: bool = False):
        if kernel_size < 1 or kernel_size % 2 == 0:
            raise ValueError(f'GaussianBlur: kernel_size must be odd, got '
                             f'{kernel_size}')
        self.kernel_size = int(kernel_size)
        self.sigma_range = tuple(sigma_range)
        self.p = p
        self.normalize = normalize
        self.record = record

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        sigma = np.random.uniform(*self.sigma_range)
        if not np.random.rand() < self.p:
            return results
        taps = gaussian_kernel(self.kernel_size, sigma, self.normalize)
        results['keypoint'] = temporal_filter(kp, taps).astype(kp.dtype)
        if self.record:
            results['blur_sigma'] = float(sigma)
        return results
