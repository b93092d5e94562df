"""Normalisation and alignment of NTU-style 3D skeletons.

Two preprocessing recipes are in use, and skelact splits both into
transforms:

1. **AimCLR / CrosSCLR / SkeletonCLR 50-frame data** (Levigty/AimCLR and
   LinguoLi/CrosSCLR ``feeder/preprocess_ntu.py`` ->
   ``NTUDatasets.NTUMotionProcessor(data_type='relative', t_length=50,
   y_rotation=True, sampling='resize')``, applied to the raw 300-frame
   ``ntu_gendata`` output), in this order:

   - ``'relative'``: every person's own joint 21 (1-based; 0-based 20,
     spine-shoulder) is subtracted from all its joints, frame by frame
     -> ``CenterJoint(joint=20, reference='self')``;
   - ``'resize'``: the first ``length`` frames, ``length`` = number of
     frames in which person 1's joint 1 is non-zero, are resized to 50 by
     ``cv2.resize(..., INTER_LINEAR)`` (half-pixel centres, i.e.
     ``F.interpolate(mode='linear', align_corners=False)``; the end frames
     are therefore *not* kept exactly when downsampling)
     -> ``ResizeFrames(length=50)``;
   - ``y_rotation``: for each person and **each frame**, a rotation about
     the y axis that makes the xz-projection of ``right_shoulder -
     left_shoulder`` (0-based joints 8 and 4) point along +x; the angle is
     ``arccos(v_x / (|v_xz| + 1e-4))`` with one sign for the whole sequence
     (negated when the sum over frames of ``v_z`` is >= 0)
     -> ``AlignShoulders(mode='frame')``.

   Pipeline: ``[CenterJoint(), ResizeFrames(50, length_rule='authors'),
   AlignShoulders()]``, which is :class:`AimCLRNormalize`
   (:mod:`.aimclr_normalize`) with its defaults.

2. **2s-AGCN ``pre_normalization``** (``data_gen/preprocess.py``, used by
   2s-AGCN, MS-G3D, CTR-GCN and many SSL repos; ``zaxis=[0, 1]``,
   ``xaxis=[8, 4]``): pad null frames by repeating the sequence, subtract
   joint 1 (0-based, spine-mid) **of the first person** per frame from every
   non-zero joint of every person, rotate (all persons, all frames) so that
   person 1's first-frame ``joint1 - joint0`` is parallel to +z, then so
   that ``joint8 - joint4`` (right minus left shoulder) is parallel to +x.
   Pipeline: ``[PadNullFrames(), CenterJoint(joint=1, reference='first'),
   AlignAxes()]``.

Deviations, all documented at the transforms: a joint counts as absent
when all its coordinates are zero (the authors test ``sum == 0``); the
valid length of :class:`ResizeFrames` is the last frame with any non-zero
joint of any person (authors: the number of non-zero frames of person 1's
joint 0; ``ResizeFrames(length_rule='authors')`` counts theirs);
:class:`AlignAxes` also aligns an antiparallel vector (the
authors' axis-angle rotation degenerates to the identity there).
"""
from typing import Optional, Tuple

import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint

__all__ = ['PadNullFrames', 'CenterJoint', 'AlignShoulders', 'AlignAxes',
           'ResizeFrames', 'valid_length', 'rotation_to']


def _frame_valid(kp: np.ndarray) -> np.ndarray:
    """(M, T) bool: the person has a non-zero joint in the frame."""
    return np.any(kp != 0, axis=(2, 3))


def valid_length(kp: np.ndarray) -> int:
    """1 + index of the last frame in which any person has a non-zero
    joint (0 for an all-zero sample); trailing zero frames are padding."""
    any_valid = _frame_valid(kp).any(axis=0)
    nz = np.flatnonzero(any_valid)
    return int(nz[-1] + 1) if len(nz) else 0


@TRANSFORMS.register_module()
class PadNullFrames(BaseTransform):
    """Fill null frames by repeating the sequence (2s-AGCN
    ``pre_normalization``, step 1).

    For every person with data: if its first frame is empty, its non-empty
    frames are moved to the front (in order); then its trailing empty
    frames are filled by looping its frames ``0 .. last``. Every frame of
    a present person then carries data (apart from internal gaps), so
    ``total_frames`` is set to T. ``keypoint_score`` follows the same frame
    mapping.
    """

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        m, t = kp.shape[:2]
        valid = _frame_valid(kp)
        score = results.get('keypoint_score')
        out = np.zeros_like(kp)
        out_score = None if score is None else np.zeros_like(score)
        for p in range(m):
            if not valid[p].any():
                continue
            if valid[p, 0]:
                idx = np.arange(t)
                ok = valid[p].copy()
            else:  # compact the non-empty frames to the front
                frames = np.flatnonzero(valid[p])
                idx = np.zeros(t, dtype=np.int64)
                idx[:len(frames)] = frames
                ok = np.zeros(t, dtype=bool)
                ok[:len(frames)] = True
            end = np.flatnonzero(ok)[-1] + 1
            if end < t:
                loop = np.arange(t - end) % end
                idx[end:] = idx[loop]
                ok[end:] = ok[loop]
            out[p] = kp[p, idx] * ok[:, None, None]
            if score is not None:
                out_score[p] = score[p, idx] * ok[:, None]
        results['keypoint'] = out
        if score is not None:
            results['keypoint_score'] = out_score
        if valid.any():
            results['total_frames'] = t
        return results


@TRANSFORMS.register_module()
class CenterJoint(BaseTransform):
    """Subtract a centre joint, frame by frame, from every present joint.

    Args:
        joint: the 0-based centre joint. 20 (NTU spine-shoulder, 1-based
            21) as in AimCLR / CrosSCLR; 2s-AGCN's ``pre_normalization``
            uses 1 (spine-mid).
        reference: whose centre joint is subtracted: ``'self'`` -- each
            person's own (AimCLR / CrosSCLR ``data_type='relative'``, so
            every person's centre joint becomes the origin); ``'first'`` --
            the first person's, for all persons (2s-AGCN
            ``pre_normalization``; keeps the persons' relative placement).

    Joints with all coordinates zero (absent) stay zero. With
    ``reference='first'`` a frame in which the first person is absent is
    left as it is (the subtracted centre is zero), as in the authors' code.
    """

    def __init__(self, joint: int = 20, reference: str = 'self'):
        if reference not in ('self', 'first'):
            raise ValueError(f'CenterJoint: reference must be "self" or '
                             f'"first", got {reference!r}')
        self.joint = int(joint)
        self.reference = reference

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if not 0 <= self.joint < kp.shape[2]:
            raise ValueError(f'CenterJoint: joint {self.joint} outside a '
                             f'skeleton of {kp.shape[2]} joints')
        center = kp[:, :, self.joint:self.joint + 1]  # (M, T, 1, C)
        if self.reference == 'first':
            center = center[:1]
        mask = np.any(kp != 0, axis=-1, keepdims=True)
        results['keypoint'] = ((kp - center) * mask).astype(kp.dtype)
        return results


def _rotate_y(kp: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Rotate the xyz of ``kp`` (..., V, C) about y by ``theta`` (an array
    broadcastable to ``kp[..., 0]``), ``p <- R p`` with
    ``R = [[c, 0, -s], [0, 1, 0], [s, 0, c]]`` (AimCLR's ``_y_transmat``)."""
    c = np.cos(theta)
    s = np.sin(theta)
    x = kp[..., 0].astype(np.float64)
    z = kp[..., 2].astype(np.float64)
    out = kp.copy()
    out[..., 0] = c * x - s * z
    out[..., 2] = s * x + c * z
    return out


@TRANSFORMS.register_module()
class AlignShoulders(BaseTransform):
    """Rotate about the vertical (y) axis so that the shoulder line lies
    along x: after it, ``right - left`` (shoulder joints) points along +x
    and has no z component.

    Args:
        left: 0-based left shoulder (NTU: 4, 1-based 5).
        right: 0-based right shoulder (NTU: 8, 1-based 9).
        mode: ``'frame'`` -- AimCLR / CrosSCLR's ``y_rotation``: each person
            and each frame gets its own angle from its own shoulders;
            ``'first'`` -- one rotation, from the first person's first
            frame with data, applied to all persons and frames (the y-axis
            analogue of ``pre_normalization``'s shoulder step; keeps motion
            of the body orientation).
        exact_sign: only for ``mode='frame'``. ``False`` reproduces the
            authors: ``theta_t = arccos(v_x / (|v_xz| + 1e-4))``, negated
            for *all* frames when ``sum_t v_z >= 0`` -- frames whose ``v_z``
            has the other sign are rotated the wrong way (by ``2 |phi_t|``
            off, small when the line is near +-x). ``True`` uses the
            per-frame exact angle ``-atan2(v_z, v_x)``.
    """

    def __init__(self, left: int = 4, right: int = 8, mode: str = 'frame',
                 exact_sign: bool = False):
        if mode not in ('frame', 'first'):
            raise ValueError(f'AlignShoulders: mode must be "frame" or '
                             f'"first", got {mode!r}')
        self.left = int(left)
        self.right = int(right)
        self.mode = mode
        self.exact_sign = exact_sign

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__, min_channels=3)
        vec = (kp[:, :, self.right, :3].astype(np.float64) -
               kp[:, :, self.left, :3])  # (M, T, 3)
        vx, vz = vec[..., 0], vec[..., 2]
        if self.mode == 'first':
            valid = _frame_valid(kp)
            if not valid[0].any():
                return results
            f = np.flatnonzero(valid[0])[0]
            theta = np.full(kp.shape[:2], -np.arctan2(vz[0, f], vx[0, f]))
        elif self.exact_sign:
            theta = -np.arctan2(vz, vx)
        else:
            norm = np.sqrt(vx ** 2 + vz ** 2)
            theta = np.arccos(np.clip(vx / (norm + 1e-4), -1, 1))
            negate = vz.sum(axis=1, keepdims=True) >= 0  # (M, 1)
            theta = np.where(negate, -theta, theta)
        results['keypoint'] = _rotate_y(kp, theta[:, :, None]).astype(
            kp.dtype)
        return results


def rotation_to(vec, target) -> np.ndarray:
    """The 3 x 3 rotation about ``vec x target`` by the angle between them,
    which turns the direction of ``vec`` into that of ``target`` (2s-AGCN's
    ``rotation_matrix(cross(v, t), angle_between(v, t))``). Identity for a
    zero vector; an antiparallel ``vec`` is turned by pi about an axis
    perpendicular to it (the authors' code returns the identity there)."""
    v = np.asarray(vec, np.float64)
    t = np.asarray(target, np.float64)
    nv, nt = np.linalg.norm(v), np.linalg.norm(t)
    if nv < 1e-12 or nt < 1e-12:
        return np.eye(3)
    v, t = v / nv, t / nt
    axis = np.cross(v, t)
    s = np.linalg.norm(axis)
    c = float(np.clip(np.dot(v, t), -1, 1))
    if s < 1e-6:
        if c > 0:
            return np.eye(3)
        # antiparallel: rotate by pi about any axis perpendicular to v
        helper = np.eye(3)[np.argmin(np.abs(v))]
        axis = np.cross(v, helper)
        axis /= np.linalg.norm(axis)
        return 2 * np.outer(axis, axis) - np.eye(3)
    axis /= s
    k = np.array([[0, -axis[2], axis[1]],
                  [axis[2], 0, -axis[0]],
                  [-axis[1], axis[0], 0]])
    return np.eye(3) + s * k + (1 - c) * (k @ k)


@TRANSFORMS.register_module()
class AlignAxes(BaseTransform):
    """2s-AGCN ``pre_normalization`` alignment: two 3D rotations of the
    whole sample, computed from the first person's first frame with data.

    First ``joint[zaxis[1]] - joint[zaxis[0]]`` is turned parallel to +z
    (NTU defaults: spine-base -> spine-mid), then, on the rotated data,
    ``joint[xaxis[0]] - joint[xaxis[1]]`` is turned parallel to +x (right
    minus left shoulder). The second rotation does not preserve the first
    alignment exactly, as in the authors' code. Either step is skipped when
    its pair is ``None``.

    Args:
        zaxis: ``(bottom, top)`` 0-based joints, authors ``[0, 1]``.
        xaxis: ``(right, left)`` 0-based joints, authors ``[8, 4]``.
    """

    def __init__(self, zaxis: Optional[Tuple[int, int]] = (0, 1),
                 xaxis: Optional[Tuple[int, int]] = (8, 4)):
        self.zaxis = None if zaxis is None else tuple(zaxis)
        self.xaxis = None if xaxis is None else tuple(xaxis)

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__, min_channels=3)
        valid = _frame_valid(kp)
        if not valid[0].any():
            return results
        f = np.flatnonzero(valid[0])[0]
        xyz = kp[..., :3].astype(np.float64)
        if self.zaxis is not None:
            bottom, top = self.zaxis
            r = rotation_to(xyz[0, f, top] - xyz[0, f, bottom], [0, 0, 1])
            xyz = xyz @ r.T
        if self.xaxis is not None:
            right, left = self.xaxis
            r = rotation_to(xyz[0, f, right] - xyz[0, f, left], [1, 0, 0])
            xyz = xyz @ r.T
        out = kp.copy()
        out[..., :3] = xyz
        results['keypoint'] = out
        return results


def _interp_index(n: int, length: int, align_corners: bool):
    """Source positions of ``length`` output frames over ``n`` input
    frames: (i0, i1, w) with ``out = (1 - w) x[i0] + w x[i1]``."""
    dst = np.arange(length, dtype=np.float64)
    if align_corners:
        src = dst * ((n - 1) / (length - 1)) if length > 1 \
            else np.zeros(1)
    else:  # half-pixel centres, as cv2.resize INTER_LINEAR
        src = (dst + 0.5) * (n / length) - 0.5
        src = np.maximum(src, 0)
    i0 = np.minimum(np.floor(src).astype(np.int64), n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    w = src - i0
    w[i0 == n - 1] = 0.0
    return i0, i1, w


@TRANSFORMS.register_module()
class ResizeFrames(BaseTransform):
    """Resize the valid frames to ``length`` frames by linear interpolation
    (AimCLR / CrosSCLR ``sampling='resize'``, 50 frames).

    The valid frames are ``0 .. n - 1``, ``n`` chosen by ``length_rule``.
    Each person, joint and channel is interpolated along time;
    ``keypoint_score`` likewise; ``total_frames`` becomes ``length``.

    Args:
        length: output frames (authors: 50).
        align_corners: ``False`` (authors: ``cv2.resize`` INTER_LINEAR,
            half-pixel centres, borders clamped -- the same as
            ``F.interpolate(mode='linear', align_corners=False)``);
            ``True`` maps the first and last valid frames exactly onto the
            first and last output frames.
        length_rule: ``'last'`` -- up to the last frame in which any person
            has a non-zero joint (:func:`valid_length`: trailing all-zero
            frames are padding); ``'authors'`` -- the number of frames in
            which the first person's joint 0 is non-zero (AimCLR's
            ``get_length``; it differs from ``'last'`` when the first
            person is missing in some frames), ``'last'`` when that number
            is 0.
    """

    def __init__(self, length: int = 50, align_corners: bool = False,
                 length_rule: str = 'last'):
        if length < 1:
            raise ValueError(f'ResizeFrames: length must be >= 1, got '
                             f'{length}')
        if length_rule not in ('last', 'authors'):
            raise ValueError(f'ResizeFrames: length_rule must be "last" or '
                             f'"authors", got {length_rule!r}')
        self.length = int(length)
        self.align_corners = align_corners
        self.length_rule = length_rule

    def _valid(self, kp):
        if self.length_rule == 'authors':
            n = int(np.count_nonzero(np.any(kp[0, :, 0] != 0, axis=-1)))
            if n > 0:
                return n
        return valid_length(kp)

    def _resize(self, x, n):
        i0, i1, w = _interp_index(n, self.length, self.align_corners)
        shape = (1, -1) + (1,) * (x.ndim - 2)
        w = w.reshape(shape)
        x = x[:, :n].astype(np.float64)
        return (1 - w) * x[:, i0] + w * x[:, i1]

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        n = self._valid(kp)
        score = results.get('keypoint_score')
        if n == 0:
            m, _, v, c = kp.shape
            results['keypoint'] = np.zeros((m, self.length, v, c), kp.dtype)
            if score is not None:
                results['keypoint_score'] = np.zeros(
                    (m, self.length, v), score.dtype)
        else:
            results['keypoint'] = self._resize(kp, n).astype(kp.dtype)
            if score is not None:
                results['keypoint_score'] = self._resize(score, n).astype(
                    score.dtype)
        results['total_frames'] = self.length
        return results
