"""MAMP's data path (maoyunyao/MAMP ``feeder/feeder_ntu.py``,
``feeder/tools.py``), on CTR-GCN-style arrays (denoised, centred at the
first frame, zero-padded to 300 frames):

- ``valid_crop_resize``: the valid frames are the ``n`` frames whose values
  (over persons, joints, channels) do not sum to 0, taken as frames
  ``0 .. n - 1``. Training (``p_interval=[0.5, 1]``): ``p ~ U(0.5, 1)``,
  ``length = min(max(floor(n * p), 64), n)``, start uniform in
  ``0 .. n - length``. Test (``p_interval=[0.95]``): the centre crop
  ``[b, n - b)`` with ``b = int((1 - p) * n / 2)``. Then every coordinate
  track is resized to ``window_size`` = 120 frames by
  ``F.interpolate(mode='bilinear', align_corners=False)`` on float32
  (a linear resize in time with half-pixel centres);
- ``random_rot`` (training): angles ``theta ~ U(-0.3, 0.3)`` rad for x, y,
  z, one draw per sample, ``p <- R_z R_y R_x p`` with
  ``R_x = [[1, 0, 0], [0, c, s], [0, -s, c]]``,
  ``R_y = [[c, 0, -s], [0, 1, 0], [s, 0, c]]``,
  ``R_z = [[c, s, 0], [-s, c, 0], [0, 0, 1]]`` (the matrices of
  :func:`~skelact.datasets.transforms.spatial.rotation_matrix`).

The authors draw from torch's and numpy's global generators; here both
draws come from numpy's global state (seeded by mmengine per sample).
"""
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint
from .preprocessing import valid_length
from .spatial import apply_linear, rotation_matrix

__all__ = ['ValidCropResize', 'RandomRotXYZ', 'mamp_valid_frames']


def mamp_valid_frames(kp: np.ndarray) -> int:
    """MAMP's valid length: frames whose values do not sum to 0."""
    return int(np.count_nonzero(kp.sum(axis=(0, 2, 3)) != 0))


@TRANSFORMS.register_module()
class ValidCropResize(BaseTransform):
    """MAMP's ``valid_crop_resize``: crop the valid frames, resize to
    ``length``.

    Args:
        p_interval: ``(low, high)`` -- a random crop ratio ``U(low, high)``
            (training, MAMP: (0.5, 1)); ``(p,)`` -- the centre crop of
            ratio ``p`` (test, MAMP: (0.95,)).
        min_length: the shortest random crop in frames (MAMP: 64; a clip
            with fewer valid frames is taken whole).
        length: output frames (MAMP: 120).
        length_rule: ``'authors'`` -- the count of frames whose values do
            not sum to 0 (:func:`mamp_valid_frames`); ``'last'`` -- up to
            the last frame with a non-zero joint
            (:func:`~skelact.datasets.transforms.preprocessing.valid_length`).
    """

    def __init__(self, p_interval: Sequence[float] = (0.5, 1.0),
                 min_length: int = 64, length: int = 120,
                 length_rule: str = 'authors'):
        p_interval = tuple(float(p) for p in p_interval)
        if len(p_interval) not in (1, 2) or not all(
                0 < p <= 1 for p in p_interval) or (
                len(p_interval) == 2 and p_interval[0] > p_interval[1]):
            raise ValueError('ValidCropResize: p_interval must be (low, '
                             'high) with 0 < low <= high <= 1 or (p,), got '
                             f'{p_interval}')
        if length < 1:
            raise ValueError(f'ValidCropResize: length must be >= 1, got '
                             f'{length}')
        if length_rule not in ('authors', 'last'):
            raise ValueError("ValidCropResize: length_rule must be "
                             f"'authors' or 'last', got {length_rule!r}")
        self.p_interval = p_interval
        self.min_length = int(min_length)
        self.length = int(length)
        self.length_rule = length_rule

    def crop_range(self, n: int):
        """The (start, stop) frames of the crop of ``n`` valid frames."""
        if len(self.p_interval) == 1:
            bias = int((1 - self.p_interval[0]) * n / 2)
            return bias, n - bias
        low, high = self.p_interval
        p = np.random.rand() * (high - low) + low
        size = min(max(int(np.floor(n * p)), self.min_length), n)
        start = np.random.randint(0, n - size + 1)
        return start, start + size

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        n = mamp_valid_frames(kp) if self.length_rule == 'authors' \
            else valid_length(kp)
        if n == 0:
            raise ValueError(
                f'ValidCropResize: sample {results.get("sample_name")!r} '
                'has no valid frame (all zero)')
        start, stop = self.crop_range(n)
        m, _, v, c = kp.shape
        clip = torch.from_numpy(np.ascontiguousarray(
            kp[:, start:stop], dtype=np.float32))
        # (M, t, V, C) -> (1, 1, M*V*C, t): MAMP's bilinear resize in time
        tracks = clip.permute(0, 2, 3, 1).reshape(1, 1, m * v * c, -1)
        out = F.interpolate(tracks, size=(m * v * c, self.length),
                            mode='bilinear', align_corners=False)
        out = out.reshape(m, v, c, self.length).permute(0, 3, 1, 2)
        results['keypoint'] = out.contiguous().numpy()
        score = results.get('keypoint_score')
        if score is not None:
            s = torch.from_numpy(np.ascontiguousarray(
                score[:, start:stop], dtype=np.float32))
            s = F.interpolate(s.permute(0, 2, 1).reshape(1, 1, m * v, -1),
                              size=(m * v, self.length), mode='bilinear',
                              align_corners=False)
            results['keypoint_score'] = s.reshape(m, v, self.length) \
                .permute(0, 2, 1).contiguous().numpy()
        results['total_frames'] = self.length
        return results


@TRANSFORMS.register_module()
class RandomRotXYZ(BaseTransform):
    """MAMP's ``random_rot``: rotate about x, y and z by angles uniform in
    ``[-theta, theta]`` radians (MAMP: 0.3), ``p <- R_z R_y R_x p``.

    Args:
        theta: the largest angle in radians.
        record: store the drawn angles in ``results['rotation']``.
    """

    def __init__(self, theta: float = 0.3, record: bool = False):
        self.theta = float(theta)
        self.record = record

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if kp.shape[-1] < 3:
            raise ValueError('RandomRotXYZ: needs 3D keypoints (C >= 3), got '
                             f'C = {kp.shape[-1]}')
        angles = np.random.uniform(-self.theta, self.theta, 3)
        matrix = rotation_matrix(2, angles[2]) @ rotation_matrix(
            1, angles[1]) @ rotation_matrix(0, angles[0])
        results['keypoint'] = apply_linear(kp, matrix)
        if self.record:
            results['rotation'] = tuple(float(a) for a in angles)
        return results
