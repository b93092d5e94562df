"""pyskl's frame sampling for PoseConv3D: ``UniformSampleFrames``.

kennymckormick/pyskl, ``pyskl/datasets/pipelines/sampling.py``: the same
draws from numpy's global state in training (so a seeded run samples what
pyskl samples) and the same indices at test time (pyskl reseeds numpy's
global state with ``seed`` for every sample; here a private
``RandomState(seed)`` gives the same numbers without touching the global
state). pyskl's "transitional frame" step is omitted: it converts integer
indices to float and back, which changes nothing.

A clip longer than the sample (``total_frames < clip_len``) loops, as in
pyskl: consecutive indices from a start (random in training; ``i`` or
``i * n // num_clips`` for test clip ``i``), taken modulo the length.
"""
from typing import Sequence, Union

import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint
from .temporal import take_frames

__all__ = ['UniformSampleFrames']


@TRANSFORMS.register_module()
class UniformSampleFrames(BaseTransform):
    """Split the sample into ``clip_len`` segments and take one frame of
    each, ``num_clips`` times (clips concatenated in time).

    Training, per clip: a ratio in ``p_interval`` of the frames (default
    all) at a random offset; then for ``n >= 2 * clip_len`` a random frame
    of each segment, for ``clip_len <= n < 2 * clip_len`` consecutive
    frames with ``n - clip_len`` random skips, for ``n < clip_len`` a loop
    (see the module docstring). Test (``test_mode=True``): the same scheme
    with the generator seeded by ``seed`` (pyskl 255) for every sample.

    pyskl's recipe: ``clip_len=48`` (train, val ``num_clips=1``; test
    ``num_clips=10``); the seed's (002): ``clip_len=24``.

    Required keys: ``keypoint`` (M, T, V, C), ``total_frames`` (optional).
    Modified: ``keypoint``, ``keypoint_score``, ``total_frames``; added
    ``frame_inds``, ``clip_len``, ``num_clips``.
    """

    def __init__(self, clip_len: int, num_clips: int = 1,
                 p_interval: Union[float, Sequence[float]] = 1,
                 seed: int = 255, test_mode: bool = False):
        if int(clip_len) < 1 or int(num_clips) < 1:
            raise ValueError(f'UniformSampleFrames: clip_len ({clip_len}) '
                             f'and num_clips ({num_clips}) must be >= 1')
        if not isinstance(p_interval, (list, tuple)):
            p_interval = (p_interval, p_interval)
        if not 0 < p_interval[0] <= p_interval[1] <= 1:
            raise ValueError('UniformSampleFrames: p_interval must satisfy '
                             f'0 < low <= high <= 1, got {p_interval}')
        self.clip_len = int(clip_len)
        self.num_clips = int(num_clips)
        self.p_interval = tuple(float(p) for p in p_interval)
        self.seed = seed
        self.test_mode = test_mode

    def _clip(self, rng, n: int, i: int) -> np.ndarray:
        lo, hi = self.p_interval
        ratio = rng.rand() * (hi - lo) + lo
        m = int(ratio * n)
        off = rng.randint(n - m + 1)
        length = self.clip_len
        if m < length:
            if self.test_mode:
                start = i if m < self.num_clips else i * m // self.num_clips
            else:
                start = rng.randint(0, m)
            inds = np.arange(start, start + length)
        elif m < 2 * length:
            skips = rng.choice(length + 1, m - length, replace=False)
            offset = np.zeros(length + 1, dtype=np.int64)
            offset[skips] = 1
            inds = np.arange(length) + np.cumsum(offset)[:-1]
        else:
            bids = np.arange(length + 1) * m // length
            inds = bids[:-1] + rng.randint(np.diff(bids))
        return inds + off

    def frame_indices(self, n: int) -> np.ndarray:
        """Indices (num_clips * clip_len,) into ``n`` frames."""
        if n < 1:
            raise ValueError('UniformSampleFrames: the sample has no frames')
        rng = np.random.RandomState(self.seed) if self.test_mode \
            else np.random
        inds = np.concatenate([self._clip(rng, n, i)
                               for i in range(self.num_clips)])
        return np.mod(inds, n).astype(np.int64)

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        n = min(int(results.get('total_frames', kp.shape[1])), kp.shape[1])
        inds = self.frame_indices(n)
        take_frames(results, inds)
        results['frame_inds'] = inds
        results['clip_len'] = self.clip_len
        results['num_clips'] = self.num_clips
        return results
