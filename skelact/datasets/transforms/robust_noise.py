"""The noise model of the seed's noise-robust training (002, section III-B).

Per sample, zero-mean Gaussian noise is added to every coordinate with

    std = alpha * S * total_difference

where alpha is "the percentage of the original video size by which we want
to shift the initial keypoint", S the video size and ``total_difference`` a
value in [0, 1] "indicating the degree of change in action over time"
(close to 0 when only the hands move, close to 1 when the whole body is
involved). The seed defines neither S nor ``total_difference``; skelact's
definitions, each selectable by name (and extensible with
:func:`register_video_size` / :func:`register_total_difference`):

S (``size``):

- ``'longer_side'`` (default): ``max(img_shape)`` -- the longer side of the
  video in pixels (1920 for NTU's Kinect colour frames in pyskl's 2D
  annotations), so alpha = 0.01 is a 19-pixel standard deviation for
  whole-body motion;
- ``'diagonal'``: the image diagonal;
- a number: a fixed size in the keypoints' unit (e.g. 1.0 for coordinates
  already normalised to the image, or metres for 3D skeletons).

``total_difference``:

- ``'body_motion'`` (default): how much the whole body moves, relative to
  its fastest part. For every pair of consecutive frames t and person m,
  with d_tj the displacement of joint j (joints present in both frames),
  ``sum_{m,t} |mean_j d_tj| / sum_{m,t} max_j |d_tj|`` -- the motion of
  the body's centroid over that of its fastest joint. By the triangle
  inequality it lies in [0, 1]: 1 when all joints move alike (walking,
  a fall), 1/V when one hand moves, about 0 when the hands move in
  opposite directions or nothing moves, small for detector jitter in
  random directions. It needs no dataset statistics and no size.
- ``'displacement'``: the mean per-frame joint displacement divided by S,
  min-max normalised to [0, 1] by ``td_range=(low, high)`` -- the minimum
  and maximum over the training set (:func:`total_difference_range`
  computes them), clipped to [0, 1] outside it.
- ``'constant'``: 1 (plain ``alpha * S`` noise).

Where: the transform works on the keypoints of the annotation's image
(pixels of ``img_shape``), so it goes before any crop or resize
(``PoseCompact``, ``Resize``, ``NormalizeByImageSize``): first in a
pipeline, after a projection to the image (``ProjectToImage``) and, in
PoseConv3D pipelines, after frame sampling (``UniformSampleFrames``), so
``total_difference`` is that of the sampled clip.

Randomness: ``seed=None`` (training) draws from numpy's global state, which
skelact seeds per sample. With an integer ``seed`` (evaluation) the noise
of a sample is drawn from a generator seeded by ``(seed, crc32(sample
name))``: every model, every run and every alpha sees the same standard
normal draw, scaled by its std (common random numbers: accuracy curves of
different models differ by the models, not by the noise).
"""
import zlib
from typing import Callable, Dict, Optional, Sequence, Tuple, Union

import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint

__all__ = ['MotionScaledNoise', 'TOTAL_DIFFERENCES', 'VIDEO_SIZES',
           'register_total_difference', 'register_video_size',
           'total_difference_range', 'mean_displacement', 'body_motion',
           'noise_generator']

VIDEO_SIZES: Dict[str, Callable] = {}
TOTAL_DIFFERENCES: Dict[str, Callable] = {}


def register_video_size(name: str):
    """Register ``fn(results) -> float`` as the video size S ``name``."""
    def deco(fn):
        VIDEO_SIZES[name] = fn
        return fn
    return deco


def register_total_difference(name: str):
    """Register ``fn(kp, present, size, **options) -> float in [0, 1]`` as
    the ``total_difference`` ``name`` (kp (M, T, V, C), present (M, T, V)
    bool, size S)."""
    def deco(fn):
        TOTAL_DIFFERENCES[name] = fn
        return fn
    return deco


def _img_shape(results, name):
    shape = results.get('img_shape')
    if shape is None:
        raise KeyError(
            f'{name}: size={name!r} needs "img_shape" (h, w) of the video in '
            'the record (pyskl 2D annotations carry it; project 3D data first '
            'with ProjectToImage, or give size as a number)')
    h, w = (float(s) for s in shape[:2])
    return h, w


@register_video_size('longer_side')
def _longer_side(results):
    return max(_img_shape(results, 'longer_side'))


@register_video_size('diagonal')
def _diagonal(results):
    h, w = _img_shape(results, 'diagonal')
    return float(np.hypot(h, w))


def _steps(kp: np.ndarray, present: np.ndarray):
    """Displacements (M, T-1, V, C) between consecutive frames and whether
    the joint is present in both."""
    d = np.diff(kp.astype(np.float64), axis=1)
    both = present[:, 1:] & present[:, :-1]
    return d, both


def mean_displacement(kp: np.ndarray, present: np.ndarray) -> float:
    """Mean length of the per-frame joint displacements (joints present in
    both frames), in the keypoints' unit; 0 without any."""
    if kp.shape[1] < 2:
        return 0.
    d, both = _steps(kp, present)
    if not both.any():
        return 0.
    return float(np.linalg.norm(d, axis=-1)[both].mean())


@register_total_difference('body_motion')
def body_motion(kp: np.ndarray, present: np.ndarray, size: float = 1.,
                **_) -> float:
    """Centroid motion over fastest-joint motion (module docstring), in
    [0, 1]; 0 without motion."""
    if kp.shape[1] < 2:
        return 0.
    d, both = _steps(kp, present)
    count = both.sum(-1)                                     # (M, T-1)
    ok = count > 0
    mean_vec = (d * both[..., None]).sum(2) / \
        np.where(ok, count, 1)[..., None]                    # (M, T-1, C)
    fastest = (np.linalg.norm(d, axis=-1) * both).max(2)     # (M, T-1)
    total = fastest[ok].sum()
    if total <= 0:
        return 0.
    return float(min(1., np.linalg.norm(mean_vec, axis=-1)[ok].sum() /
                     total))


_NEED_RANGE = (
    "MotionScaledNoise(total_difference='displacement') needs td_range="
    '(low, high): the minimum and maximum over the training set of the mean '
    'per-frame joint displacement divided by the video size '
    '(skelact.datasets.transforms.total_difference_range computes them)')


@register_total_difference('displacement')
def _displacement(kp, present, size=1., td_range=None, **_) -> float:
    if td_range is None:
        raise ValueError(_NEED_RANGE)
    low, high = (float(v) for v in td_range)
    raw = mean_displacement(kp, present) / size
    return float(np.clip((raw - low) / max(high - low, 1e-12), 0., 1.))


@register_total_difference('constant')
def _constant(kp, present, size=1., **_) -> float:
    return 1.


def _present(kp: np.ndarray) -> np.ndarray:
    """pyskl's convention: a keypoint at the origin is missing."""
    return np.any(kp != 0, axis=-1)


def noise_generator(results: dict, seed: int) -> np.random.Generator:
    """The generator of a sample's evaluation noise: seeded by ``seed`` and
    the crc32 of its ``sample_name`` (or its dataset index
    ``sample_idx``)."""
    key = results.get('sample_name')
    if key is not None:
        key = zlib.crc32(str(key).encode())
    elif results.get('sample_idx') is not None:
        key = int(results['sample_idx'])
    else:
        raise KeyError('MotionScaledNoise(seed=...): the record has neither '
                       '"sample_name" nor "sample_idx" to seed its noise')
    return np.random.default_rng([int(seed), int(key)])


@TRANSFORMS.register_module()
class MotionScaledNoise(BaseTransform):
    """Gaussian keypoint noise with std ``alpha * S * total_difference``
    (the seed's noise model; definitions in the module docstring).

    Args:
        alpha: the fraction of the video size (seed: 0.01 / 0.025 in
            training, 0 ... 0.1 in evaluation); must be >= 0.
        size: S: ``'longer_side'`` (default), ``'diagonal'``, another
            registered name, or a positive number.
        total_difference: ``'body_motion'`` (default), ``'displacement'``
            (with ``td_range``), ``'constant'`` or another registered name.
        td_range: (low, high) for ``'displacement'``.
        seed: ``None``: draw from numpy's global state (training); an int:
            the same noise for every model and alpha (evaluation).
        mask_missing: keep missing keypoints (at the origin) at the origin;
            the noise would otherwise move them into the image.
        channels: how many leading channels are coordinates (``None``: all
            of ``keypoint``).

    Required keys: ``keypoint`` (M, T, V, C); ``img_shape`` for a named
    size; ``sample_name`` (or ``sample_idx``) with a seed. Modified:
    ``keypoint``. Added: ``noise_std``, ``total_difference``.
    """

    def __init__(self, alpha: float, size: Union[str, float] = 'longer_side',
                 total_difference: str = 'body_motion',
                 td_range: Optional[Sequence[float]] = None,
                 seed: Optional[int] = None, mask_missing: bool = True,
                 channels: Optional[int] = None):
        try:
            alpha = float(alpha)
        except (TypeError, ValueError):
            raise ValueError(f'MotionScaledNoise: alpha must be a number >= '
                             f'0, got {alpha!r}') from None
        if not alpha >= 0:  # also NaN
            raise ValueError(f'MotionScaledNoise: alpha must be >= 0 (a '
                             f'fraction of the video size), got {alpha}')
        if isinstance(size, str):
            if size not in VIDEO_SIZES:
                raise ValueError(f'MotionScaledNoise: size must be a positive '
                                 f'number or one of {sorted(VIDEO_SIZES)}, '
                                 f'got {size!r}')
        elif not float(size) > 0:
            raise ValueError(f'MotionScaledNoise: size must be > 0, got '
                             f'{size!r}')
        if total_difference not in TOTAL_DIFFERENCES:
            raise ValueError(f'MotionScaledNoise: total_difference must be '
                             f'one of {sorted(TOTAL_DIFFERENCES)}, got '
                             f'{total_difference!r}')
        if td_range is not None:
            if len(td_range) != 2 or not td_range[0] < td_range[1]:
                raise ValueError(f'MotionScaledNoise: td_range must be (low, '
                                 f'high) with low < high, got {td_range!r}')
            td_range = (float(td_range[0]), float(td_range[1]))
        if total_difference == 'displacement' and td_range is None:
            raise ValueError(_NEED_RANGE)
        self.alpha = alpha
        self.size = size if isinstance(size, str) else float(size)
        self.total_difference = total_difference
        self.td_range = td_range
        self.seed = None if seed is None else int(seed)
        self.mask_missing = mask_missing
        self.channels = channels

    def video_size(self, results: dict) -> float:
        if isinstance(self.size, str):
            return float(VIDEO_SIZES[self.size](results))
        return self.size

    def std(self, results: dict) -> Tuple[float, float]:
        """(std, total_difference) of the record's noise."""
        kp = get_keypoint(results, type(self).__name__)
        c = kp.shape[-1] if self.channels is None else self.channels
        size = self.video_size(results)
        td = float(TOTAL_DIFFERENCES[self.total_difference](
            kp[..., :c], _present(kp[..., :c]), size=size,
            td_range=self.td_range))
        return self.alpha * size * td, td

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        c = kp.shape[-1] if self.channels is None else self.channels
        std, td = self.std(results)
        results['noise_std'] = std
        results['total_difference'] = td
        if self.seed is None:
            if std == 0:
                return results
            z = np.random.standard_normal(kp.shape[:-1] + (c,))
        else:
            z = noise_generator(results, self.seed).standard_normal(
                kp.shape[:-1] + (c,))
        noise = std * z
        if self.mask_missing:
            noise *= _present(kp[..., :c])[..., None]
        out = kp.astype(np.float32, copy=True)
        out[..., :c] += noise.astype(np.float32)
        results['keypoint'] = out
        return results


def total_difference_range(records, size: Union[str, float] = 'longer_side'
                           ) -> Tuple[float, float]:
    """(min, max) over ``records`` (dataset items before the pipeline, or
    any iterable of records with ``keypoint`` and, for a named size,
    ``img_shape``) of the mean per-frame joint displacement divided by S:
    the ``td_range`` of ``total_difference='displacement'``."""
    probe = MotionScaledNoise(0., size=size, total_difference='constant')
    values = []
    for rec in records:
        kp = get_keypoint(rec, 'total_difference_range')
        values.append(mean_displacement(kp, _present(kp)) /
                      probe.video_size(rec))
    if not values:
        raise ValueError('total_difference_range: no records')
    return float(min(values)), float(max(values))
