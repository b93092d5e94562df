"""Spatial transforms: shear, joint-permutation flip, rotation, axis mask.

They act on the coordinates of ``keypoint`` (M, T, V, C) (the first three
channels; a 2D layout uses the leading 2 x 2 block where noted) and leave
``keypoint_score`` alone, except :class:`SpatialFlip`, which permutes the
joints of both. Zero (absent) joints stay zero under the linear maps.
Randomness comes from numpy's global random state.

Facts from the AimCLR code (Levigty/AimCLR ``feeder/tools.py``; AimCLR,
Guo et al. AAAI 2022, Sec. 3.2 "Extreme augmentations"; shear and temporal
crop are CrosSCLR's / SkeletonCLR's "normal" augmentations):

- ``shear(r=0.5)``: ``S = [[1, a01, a02], [a10, 1, a12], [a20, a21, 1]]``,
  every off-diagonal entry uniform in ``[-r, r]``; a point ``p`` (column
  xyz) becomes ``S @ p`` (their code multiplies row vectors by ``S.T``).
- ``random_spatial_flip(p=0.5)``: only a joint permutation,
  ``transform_order['ntu'] = [0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 16, 17,
  18, 19, 12, 13, 14, 15, 20, 23, 24, 21, 22]``, i.e. left/right limbs
  swapped, coordinates NOT mirrored.
- ``random_rotate``: always applied (no probability); one "main" axis drawn
  uniformly from {x, y, z} gets an angle uniform in [0, 30] degrees, the
  two others uniform in [0, 1] degree; the rotations are applied in the
  order x, y, z, each as ``p <- R_a(angle) @ p`` with
  ``R_x = [[1, 0, 0], [0, c, s], [0, -s, c]]``,
  ``R_y = [[c, 0, -s], [0, 1, 0], [s, 0, c]]``,
  ``R_z = [[c, s, 0], [-s, c, 0], [0, 0, 1]]``.
- ``axis_mask(p=0.5)``: zero one coordinate axis drawn uniformly from
  {x, y, z}.
"""
import math
from typing import Optional

import numpy as np

from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout
from .base import BaseTransform, get_keypoint

__all__ = ['Shear', 'SpatialFlip', 'RandomRotate', 'AxisMask',
           'shear_matrix', 'rotation_matrix', 'apply_linear']


def apply_linear(kp: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Return ``kp`` with every point ``p`` (its first k channels, k the
    matrix size, at most C) replaced by ``matrix @ p``; dtype kept."""
    k = min(matrix.shape[0], kp.shape[-1])
    out = kp.copy()
    xyz = kp[..., :k].astype(np.float64)
    out[..., :k] = xyz @ np.asarray(matrix, np.float64)[:k, :k].T
    return out


def shear_matrix(off_diagonal) -> np.ndarray:
    """AimCLR's shear matrix from its six off-diagonal entries, in the
    order ``s1[0], s1[1], s1[2], s2[0], s2[1], s2[2]`` of ``tools.shear``:
    ``[[1, s1[0], s2[0]], [s1[1], 1, s2[1]], [s1[2], s2[2], 1]]``."""
    s1, s2 = off_diagonal[:3], off_diagonal[3:6]
    return np.array([[1.0, s1[0], s2[0]],
                     [s1[1], 1.0, s2[1]],
                     [s1[2], s2[2], 1.0]])


def rotation_matrix(axis: int, angle: float) -> np.ndarray:
    """AimCLR's rotation by ``angle`` radians about ``axis`` (0=x, 1=y,
    2=z), acting as ``p <- R @ p`` (the matrices of ``tools.random_rotate``;
    in the right-handed convention each is a rotation by ``-angle``)."""
    c, s = math.cos(angle), math.sin(angle)
    if axis == 0:
        return np.array([[1, 0, 0], [0, c, s], [0, -s, c]], np.float64)
    if axis == 1:
        return np.array([[c, 0, -s], [0, 1, 0], [s, 0, c]], np.float64)
    if axis == 2:
        return np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]], np.float64)
    raise ValueError(f'rotation_matrix: axis must be 0, 1 or 2, got {axis}')


@TRANSFORMS.register_module()
class Shear(BaseTransform):
    """Random shear, ``p <- S @ p`` with ``S`` of unit diagonal and
    off-diagonal entries uniform in ``[-amplitude, amplitude]``.

    AimCLR / CrosSCLR / SkeletonCLR normal augmentation, the authors'
    ``shear_amplitude=0.5``. The six entries are drawn in the authors'
    order (see :func:`shear_matrix`); the last drawn matrix is kept in
    ``results['shear_matrix']`` for inspection when ``record=True``.

    Args:
        amplitude: ``r``, the bound of the off-diagonal entries. ``0``
            disables (as the authors' ``shear_amplitude > 0`` check).
        p: probability of applying (authors: always, 1.0).
        record: store the matrix in ``results['shear_matrix']``.
        row_vectors: apply ``p <- S.T @ p`` (row vectors times ``S``: the
            ConMLP code's ``np.dot(x, S)``, with ``amplitude=1``) instead of
            ``S @ p``. With i.i.d. off-diagonals both have the same
            distribution; only a given draw differs.
    """

    def __init__(self, amplitude: float = 0.5, p: float = 1.0,
                 record: bool = False, row_vectors: bool = False):
        self.amplitude = amplitude
        self.p = p
        self.record = record
        self.row_vectors = row_vectors

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if self.amplitude <= 0:
            return results
        if self.p < 1 and not np.random.rand() < self.p:
            return results
        r = self.amplitude
        matrix = shear_matrix(np.random.uniform(-r, r, size=6))
        if self.row_vectors:
            matrix = matrix.T
        results['keypoint'] = apply_linear(kp, matrix)
        if self.record:
            results['shear_matrix'] = matrix
        return results


@TRANSFORMS.register_module()
class SpatialFlip(BaseTransform):
    """Swap left and right joints with probability ``p`` (AimCLR's
    ``random_spatial_flip``, an extreme augmentation, p = 0.5).

    The permutation is the layout's ``flip_index``; for ``'nturgb+d'`` it
    equals the authors' ``transform_order['ntu']``. As in the authors' code
    only the joint order changes; with ``mirror_axis`` set (e.g. ``0`` for
    x) that coordinate is also negated, giving a true mirror image.
    ``keypoint_score`` is permuted too.

    Args:
        p: probability of flipping.
        layout: skeleton layout name.
        mirror_axis: coordinate to negate as well (``None``: authors).
    """

    def __init__(self, p: float = 0.5, layout: str = 'nturgb+d',
                 mirror_axis: Optional[int] = None):
        self.p = p
        self.layout = layout
        self.mirror_axis = mirror_axis
        self._index = np.asarray(get_layout(layout).flip_index)

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if kp.shape[2] != len(self._index):
            raise ValueError(f'SpatialFlip: "keypoint" has {kp.shape[2]} '
                             f'joints, layout {self.layout!r} has '
                             f'{len(self._index)}')
        if not np.random.rand() < self.p:
            return results
        kp = kp[:, :, self._index].copy()
        if self.mirror_axis is not None:
            kp[..., self.mirror_axis] *= -1
        results['keypoint'] = kp
        score = results.get('keypoint_score')
        if score is not None:
            results['keypoint_score'] = score[:, :, self._index].copy()
        return results


@TRANSFORMS.register_module()
class RandomRotate(BaseTransform):
    """AimCLR's random rotation (``random_rotate``, an extreme augmentation).

    A main axis is drawn uniformly from {x, y, z}; it gets an angle uniform
    in ``[0, max_angle]`` degrees, the other two axes an angle uniform in
    ``[0, minor_angle]`` degrees; the three rotations (matrices of
    :func:`rotation_matrix`) are applied in the order x, y, z. Authors:
    ``max_angle=30``, ``minor_angle=1``, always applied (``p=1``).
    With ``record=True`` the drawn ``(main_axis, angles_deg)`` are stored
    in ``results['rotation']``.

    Args:
        max_angle: range of the main axis angle in degrees.
        minor_angle: range of the other two angles in degrees.
        p: probability of applying.
        record: store the drawn parameters.
    """

    def __init__(self, max_angle: float = 30.0, minor_angle: float = 1.0,
                 p: float = 1.0, record: bool = False):
        self.max_angle = max_angle
        self.minor_angle = minor_angle
        self.p = p
        self.record = record

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if self.p < 1 and not np.random.rand() < self.p:
            return results
        if kp.shape[-1] < 3:
            raise ValueError('RandomRotate: needs 3D keypoints (C >= 3), got '
                             f'C = {kp.shape[-1]}')
        main = np.random.randint(0, 3)
        angles = []
        matrix = np.eye(3)
        for axis in range(3):
            high = self.max_angle if axis == main else self.minor_angle
            angle = np.random.uniform(0, high)
            angles.append(angle)
            matrix = rotation_matrix(axis, math.radians(angle)) @ matrix
        results['keypoint'] = apply_linear(kp, matrix)
        if self.record:
            results['rotation'] = (int(main), angles)
        return results


@TRANSFORMS.register_module()
class AxisMask(BaseTransform):
    """Zero one coordinate axis with probability ``p`` (AimCLR's
    ``axis_mask`` / ``Zero_out_axis``, an extreme augmentation, p = 0.5).

    Args:
        p: probability of masking.
        axis: the axis to zero; ``None`` draws one uniformly from
            ``range(num_axes)`` (authors: from {0, 1, 2}).
        num_axes: number of coordinate channels to choose from.
    """

    def __init__(self, p: float = 0.5, axis: Optional[int] = None,
                 num_axes: int = 3):
        self.p = p
        self.axis = axis
        self.num_axes = num_axes

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if not np.random.rand() < self.p:
            return results
        axis = self.axis if self.axis is not None \
            else np.random.randint(0, self.num_axes)
        kp = kp.copy()
        kp[..., axis] = 0
        results['keypoint'] = kp
        return results
