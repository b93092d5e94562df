"""Temporal transforms: crops, flips and frame sampling.

Every transform here indexes the frame axis (axis 1 of the (M, T, V, C)
``keypoint``) and applies the same frame indices to ``keypoint_score``
(M, T, V) when present, and keeps ``total_frames`` equal to the new T.
Randomness comes from numpy's global random state (seeded by mmengine).

AimCLR / CrosSCLR facts (Levigty/AimCLR ``feeder/tools.py``,
``temperal_crop`` and ``random_time_flip``):

- temporal crop: ``padding_len = T // temperal_padding_ratio`` with
  ``temperal_padding_ratio=6`` (the config value); the sequence is extended
  at both ends by its first / last ``padding_len`` frames in reverse order,
  edge frame included (``x[:p][::-1]``, i.e. numpy's ``'symmetric'`` pad,
  not ``'reflect'``), then ``T`` consecutive frames are cut at a start drawn
  uniformly from ``0 .. 2 * padding_len`` (``np.random.randint(0, 2p + 1)``).
  There is no resize: the output has the input length T.
- time flip: reverse the frame order with probability 0.5 (it is part of
  the extreme view, after the random rotation).
"""

import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint

__all__ = ['RandomTemporalCrop', 'TemporalFlip', 'UniformSample',
           'take_frames']


def take_frames(results: dict, inds) -> dict:
    """Index the frame axis of ``keypoint`` (and ``keypoint_score``) with
    ``inds`` and set ``total_frames`` to the new length."""
    inds = np.asarray(inds)
    results['keypoint'] = np.ascontiguousarray(results['keypoint'][:, inds])
    score = results.get('keypoint_score')
    if score is not None:
        results['keypoint_score'] = np.ascontiguousarray(score[:, inds])
    results['total_frames'] = int(len(inds))
    return results


@TRANSFORMS.register_module()
class RandomTemporalCrop(BaseTransform):
    """AimCLR's temporal crop: pad both ends by ``T // padding_ratio`` frames,
    then cut ``T`` consecutive frames at a random start.

    AimCLR (Guo et al., AAAI 2022), Sec. "Data Augmentation" (normal
    augmentations: temporal crop + shear), inherited from CrosSCLR
    (Li et al., CVPR 2021). Constants of ``feeder/tools.py``
    (``temperal_crop``): padding ratio 6, symmetric padding (the edge frame
    is repeated), start uniform in ``[0, 2 * pad]``.

    The authors apply it to their fixed-length 50-frame data, in which
    every frame is valid; on zero-padded data the mirrored end frames are
    padding too, so resize (:class:`ResizeFrames`) or sample first.

    Args:
        padding_ratio: the authors' ``temperal_padding_ratio``; the padding
            on each side is ``T // padding_ratio`` frames. ``0`` disables.
        padding_mode: a ``np.pad`` mode; ``'symmetric'`` (authors) repeats
            the edge frame, ``'reflect'`` does not, ``'edge'`` replicates.
    """

    def __init__(self, padding_ratio: int = 6,
                 padding_mode: str = 'symmetric'):
        self.padding_ratio = int(padding_ratio)
        self.padding_mode = padding_mode

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        t = kp.shape[1]
        if self.padding_ratio <= 0:
            return results
        pad = t // self.padding_ratio
        if pad == 0:  # authors: start is always 0 then, identity
            np.random.randint(0, 1)  # keep the number of draws per sample
            return results
        start = np.random.randint(0, 2 * pad + 1)
        # the padded sequence frame j is original frame idx[j]
        idx = np.pad(np.arange(t), pad, mode=self.padding_mode)
        return take_frames(results, idx[start:start + t])


@TRANSFORMS.register_module()
class TemporalFlip(BaseTransform):
    """Reverse the frame order with probability ``p`` (AimCLR's
    ``random_time_flip``, p = 0.5, an extreme augmentation).

    The whole array is reversed, as the authors do, so trailing zero
    padding (if any) moves to the front.
    """

    def __init__(self, p: float = 0.5):
        self.p = p

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if np.random.rand() < self.p:
            take_frames(results, np.arange(kp.shape[1])[::-1])
        return results


@TRANSFORMS.register_module()
class UniformSample(BaseTransform):
    """Uniform frame sampling in the style of pyskl's ``UniformSampleFrames``.

    The valid frames ``[0, total_frames)`` are split into ``clip_len``
    segments and one frame is taken from each:

    - training: pyskl's scheme -- a random frame of each segment when
      ``total_frames >= 2 * clip_len``; for ``clip_len <= total_frames <
      2 * clip_len`` consecutive frames with ``total_frames - clip_len``
      random skips; for ``total_frames < clip_len`` a random start and the
      frames looped (indices modulo ``total_frames``);
    - test (``test_mode=True``): deterministic. ``test_sampling='middle'``
      takes the middle of every segment (clip ``i`` of ``num_clips`` takes
      relative position ``(i + 0.5) / num_clips`` in each segment, so the
      clips differ); short sequences are looped from start
      ``i * total_frames // num_clips``. ``test_sampling='pyskl'`` repeats
      pyskl's test sampling (the training scheme driven by a generator
      seeded with ``seed`` for every sample; pyskl reseeds numpy's global
      state instead, which we avoid).

    The output ``keypoint`` is (M, num_clips * clip_len, V, C), clips
    concatenated along time; ``frame_inds``, ``clip_len`` and ``num_clips``
    are recorded so that a later step can split the clips.

    Args:
        clip_len: frames per clip.
        num_clips: clips per sample.
        test_mode: deterministic sampling.
        test_sampling: ``'middle'`` or ``'pyskl'`` (see above).
        seed: seed of the test-time generator of ``test_sampling='pyskl'``
            (pyskl: 255).
    """

    def __init__(self, clip_len: int, num_clips: int = 1,
                 test_mode: bool = False, test_sampling: str = 'middle',
                 seed: int = 255):
        if clip_len < 1 or num_clips < 1:
            raise ValueError(f'UniformSample: clip_len ({clip_len}) and '
                             f'num_clips ({num_clips}) must be >= 1')
        if test_sampling not in ('middle', 'pyskl'):
            raise ValueError(f'UniformSample: test_sampling must be '
                             f'"middle" or "pyskl", got {test_sampling!r}')
        self.clip_len = int(clip_len)
        self.num_clips = int(num_clips)
        self.test_mode = test_mode
        self.test_sampling = test_sampling
        self.seed = seed

    @staticmethod
    def _random_clip(n, clip_len, rng):
        if n < clip_len:
            start = rng.randint(0, n)
            return np.arange(start, start + clip_len)
        if n < 2 * clip_len:
            skips = rng.choice(clip_len + 1, n - clip_len, replace=False)
            offset = np.zeros(clip_len + 1, dtype=np.int64)
            offset[skips] = 1
            return np.arange(clip_len) + np.cumsum(offset)[:-1]
        bids = np.arange(clip_len + 1) * n // clip_len
        return bids[:-1] + rng.randint(np.diff(bids))

    def _middle_clip(self, n, i):
        if n < self.clip_len:
            start = i if n < self.num_clips else i * n // self.num_clips
            return np.arange(start, start + self.clip_len)
        bids = np.arange(self.clip_len + 1) * n // self.clip_len
        size = np.diff(bids)
        return bids[:-1] + (size * (2 * i + 1)) // (2 * self.num_clips)

    def frame_indices(self, n: int) -> np.ndarray:
        """Indices (num_clips * clip_len,) into ``n`` valid frames."""
        if n < 1:
            raise ValueError('UniformSample: the sample has no frames')
        if not self.test_mode:
            clips = [self._random_clip(n, self.clip_len, np.random)
                     for _ in range(self.num_clips)]
        elif self.test_sampling == 'pyskl':
            rng = np.random.RandomState(self.seed)
            clips = []
            for i in range(self.num_clips):
                if n < self.clip_len:  # pyskl's deterministic short case
                    start = i if n < self.num_clips \
                        else i * n // self.num_clips
                    clips.append(np.arange(start, start + self.clip_len))
                else:
                    clips.append(self._random_clip(n, self.clip_len, rng))
        else:
            clips = [self._middle_clip(n, i) for i in range(self.num_clips)]
        return np.mod(np.concatenate(clips), n).astype(np.int64)

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        n = int(results.get('total_frames', kp.shape[1]))
        n = min(n, kp.shape[1])
        inds = self.frame_indices(n)
        take_frames(results, inds)
        results['frame_inds'] = inds
        results['clip_len'] = self.clip_len
        results['num_clips'] = self.num_clips
        return results
