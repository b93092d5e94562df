"""Keypoints for inference: an array or one sample of a file in any format
skelact reads (:mod:`skelact.datasets.formats`), as a sample record.

- an array ``(M, T, V, C)`` (or ``(T, V, C)``, one person);
- ``.npy``: such an array, or an AimCLR ``<split>_position.npy``
  ``(N, C, T, V, M)`` (sample ``index``);
- ``.npz``: an array under ``keypoint`` (and ``keypoint_score``), or a
  CTR-GCN file (``x_test`` / ``x_train``, sample ``index``);
- ``.pkl``: a pyskl / mmaction2 annotation pickle (annotation ``index``);
- a folder: a skelact dataset folder (sample ``index``).
"""
import os.path as osp
from typing import Optional

import numpy as np

from skelact.utils.errors import DataError

__all__ = ['keypoint_record', 'load_keypoints', 'check_joint_count']


def _record(kp, path: str, score=None, **extra) -> dict:
    kp = np.asarray(kp, dtype=np.float32)
    if kp.ndim == 3:
        kp = kp[None]
    if kp.ndim != 4 or kp.shape[-1] not in (2, 3):
        raise DataError(
            f'{path}: keypoints of shape {tuple(kp.shape)}; expected '
            '(M, T, V, C) -- persons, frames, joints, 2 or 3 channels -- '
            'or (T, V, C)')
    if not np.isfinite(kp).all():
        raise DataError(f'{path}: the keypoints hold NaN or inf')
    rec = dict(keypoint=kp, total_frames=int(kp.shape[1]),
               sample_name=extra.pop('sample_name', 'input'), **extra)
    if score is not None:
        score = np.asarray(score, dtype=np.float32)
        if score.ndim == 2:
            score = score[None]
        if score.shape != kp.shape[:3]:
            raise DataError(f'{path}: keypoint_score has shape '
                            f'{tuple(score.shape)}, expected '
                            f'{tuple(kp.shape[:3])} (M, T, V)')
        rec['keypoint_score'] = score
    return rec


def _check_index(path, index, n):
    if not 0 <= index < n:
        raise DataError(f'{path}: sample index {index} outside 0..{n - 1}')


def _from_npz(path, index, num_joints):
    with np.load(path, allow_pickle=False) as f:
        files = set(f.files)
        if 'keypoint' in files:
            return _record(f['keypoint'], path, f['keypoint_score']
                           if 'keypoint_score' in files else None)
    part = 'test' if 'x_test' in files else 'train' if 'x_train' in files \
        else None
    if part is None:
        raise DataError(f'{path}: expected a "keypoint" array or a CTR-GCN '
                        f'file (x_test / x_train); it holds {sorted(files)}')
    from skelact.datasets.formats import ctrgcn_sample, npz_member_memmap
    x = npz_member_memmap(path, 'x_' + part)
    _check_index(path, index, len(x))
    v = num_joints or 25
    if x.shape[2] % (v * 3):
        raise DataError(f'{path}: x_{part} rows of {x.shape[2]} values do '
                        f'not split into persons of {v} joints x 3')
    kp, _ = ctrgcn_sample(x, index, x.shape[2] // (v * 3), v)
    return _record(kp, f'{path}[{index}]')


def _from_folder(path, index):
    from skelact.datasets.formats import (open_skelact_arrays,
                                          read_skelact_index,
                                          read_skelact_meta, skelact_sample)
    meta = read_skelact_meta(path)
    idx = read_skelact_index(path)
    _check_index(path, index, len(idx['label']))
    kp, score = open_skelact_arrays(path, meta)
    s = skelact_sample(kp, score, int(idx['frame_start'][index]),
                       int(idx['total_frames'][index]))
    return _record(s['keypoint'], f'{path}[{index}]',
                   s.get('keypoint_score'),
                   sample_name=str(idx['sample_name'][index]),
                   label=int(idx['label'][index]))


def load_keypoints(path: str, index: int = 0,
                   num_joints: Optional[int] = None) -> dict:
    """One sample record (``keypoint`` (M, T, V, C), ``total_frames``, ...)
    of the file or folder ``path`` (module docstring)."""
    if not osp.exists(path):
        raise FileNotFoundError(f'keypoint file {path!r} does not exist')
    if osp.isdir(path):
        return _from_folder(path, index)
    ext = osp.splitext(path)[1].lower()
    if ext == '.npy':
        arr = np.load(path, mmap_mode='r', allow_pickle=False)
        if arr.ndim == 5:  # AimCLR (N, C, T, V, M)
            from skelact.datasets.formats import aimclr_sample
            _check_index(path, index, len(arr))
            kp, _ = aimclr_sample(arr, index)
            return _record(kp, f'{path}[{index}]')
        return _record(np.asarray(arr), path)
    if ext == '.npz':
        return _from_npz(path, index, num_joints)
    if ext in ('.pkl', '.pickle'):
        from skelact.datasets.formats import pyskl_sample, read_pyskl
        _, annos = read_pyskl(path)
        _check_index(path, index, len(annos))
        s = pyskl_sample(annos[index])
        extra = {}
        if 'img_shape' in annos[index]:
            extra['img_shape'] = tuple(annos[index]['img_shape'])
        return _record(s['keypoint'], f'{path}[{index}]',
                       s.get('keypoint_score'), **extra)
    raise DataError(f'{path}: unknown keypoint file type {ext or "(none)"!r}'
                    '; expected .npy, .npz, .pkl or a skelact folder')


def keypoint_record(keypoints, index: int = 0,
                    num_joints: Optional[int] = None) -> dict:
    """A sample record from an array, a record dict or a file path."""
    if isinstance(keypoints, dict):
        if 'keypoint' not in keypoints:
            raise DataError('the record has no "keypoint" array')
        rec = dict(keypoints)
        out = _record(rec.pop('keypoint'), 'the record',
                      rec.pop('keypoint_score', None))
        rec.pop('total_frames', None)
        out.update(rec)
        return out
    if isinstance(keypoints, (str, bytes)) or hasattr(keypoints,
                                                      '__fspath__'):
        return load_keypoints(str(keypoints), index, num_joints)
    if hasattr(keypoints, 'detach'):  # a tensor
        keypoints = keypoints.detach().cpu().numpy()
    return _record(keypoints, 'the keypoint array')


def check_joint_count(rec: dict, num_joints: Optional[int],
                      layout: Optional[str], where: str):
    """Refuse keypoints whose joint count is not the model's."""
    if num_joints is None:
        return
    v = rec['keypoint'].shape[2]
    if v != num_joints:
        name = f" (layout {layout!r})" if layout else ''
        raise DataError(
            f'{where}: {v} joints, the model expects '
            f'{num_joints}{name}; convert them to the model\'s layout '
            '(skelact.skeletons; ConvertLayout) or use a config of their '
            'layout')
