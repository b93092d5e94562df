"""The AimCLR / CrosSCLR / ST-GCN preprocessed layout: reader and writer.

Users who ran the authors' ``ntu_gendata.py`` (and the 50-frame resize of
CrosSCLR/AimCLR) have, per benchmark folder::

    <root>/xsub/
      train_position.npy   float32 (N, C=3, T, V=25, M=2), zero-padded in T
      train_label.pkl      pickle of (sample_names, labels): two lists
      val_position.npy
      val_label.pkl

The authors' folders are named ``data/ntu60_frame50/xsub/`` (50 frames) or
``data/NTU-RGB-D/xsub/`` (300 frames); skelact's configs use
``data/ntu60_aimclr/xsub/``. Sample names may carry the ``.skeleton``
suffix; it is dropped.

The array is memory-mapped (never loaded into RAM) and transposed once per
sample to the canonical (M, T, V, C). The real length of a sample is
recovered from the zero padding (:func:`valid_frames`). The label pickle
goes through :mod:`skelact.utils.safe_pickle`.
"""
import os
import os.path as osp
import pickle
from typing import Tuple

import numpy as np

from skelact.utils.atomic_io import atomic_write_path
from skelact.utils.errors import DataError
from skelact.utils.safe_pickle import safe_load_pickle

__all__ = ['aimclr_files', 'read_aimclr_labels', 'check_aimclr_array',
           'aimclr_sample', 'valid_frames', 'write_aimclr']


def aimclr_files(data_root: str, split: str) -> Tuple[str, str]:
    """``(<root>/<split>_position.npy, <root>/<split>_label.pkl)``."""
    return (osp.join(data_root, f'{split}_position.npy'),
            osp.join(data_root, f'{split}_label.pkl'))


def valid_frames(kp: np.ndarray) -> int:
    """1 + index of the last frame (axis 1 of (M, T, V, C)) holding a
    non-zero coordinate of any person; 0 for an all-zero sample (trailing
    zero frames are padding)."""
    nz = np.flatnonzero(np.abs(kp).reshape(kp.shape[0], kp.shape[1], -1)
                        .max(axis=(0, 2)) > 0)
    return int(nz[-1] + 1) if len(nz) else 0


def read_aimclr_labels(path: str):
    """``(names, labels)`` of an AimCLR label pickle (restricted
    unpickling), names without ``.skeleton``, labels as int64."""
    obj = safe_load_pickle(path)
    if not (isinstance(obj, (tuple, list)) and len(obj) == 2):
        raise DataError(f'{path}: expected a pickled pair (sample_names, '
                        f'labels), got {type(obj).__name__}')
    names, labels = obj
    names = [str(n) for n in names]
    names = [n[:-len('.skeleton')] if n.endswith('.skeleton') else n
             for n in names]
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != len(names):
        raise DataError(f'{path}: field "labels" has shape {labels.shape}, '
                        f'expected ({len(names)},) like sample_names')
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(np.equal(np.mod(labels, 1), 0)):
            raise DataError(f'{path}: field "labels" holds non-integer '
                            'values, expected class indices')
    return names, labels.astype(np.int64)


def check_aimclr_array(data_file: str, num_joints: int, num_samples: int,
                       label_file: str = 'the label file') -> tuple:
    """The shape of the ``(N, C, T, V, M)`` array, checked against the
    joint count and the number of labels (read from the header only)."""
    arr = np.load(data_file, mmap_mode='r')
    shape = arr.shape
    del arr
    if len(shape) != 5 or shape[1] not in (2, 3) or shape[3] != num_joints:
        raise DataError(
            f'{data_file}: array has shape {shape}, expected '
            f'(N, C=3, T, V={num_joints}, M) (AimCLR layout)')
    if shape[0] != num_samples:
        raise DataError(
            f'{data_file}: {shape[0]} samples, but {label_file} holds '
            f'{num_samples} labels')
    return shape


def aimclr_sample(data: np.ndarray, index: int, trim_padding: bool = True):
    """Sample ``index`` of the (memory-mapped) array as float32
    (M, T, V, C) and its real length (at least 1); the zero padding is cut
    unless ``trim_padding=False``."""
    x = np.asarray(data[index], dtype=np.float32)
    kp = x.transpose(3, 1, 2, 0)            # (C,T,V,M) -> (M,T,V,C)
    n = valid_frames(kp)
    if trim_padding and n > 0:
        kp = kp[:, :n]
    return np.ascontiguousarray(kp), max(n, 1)


def write_aimclr(folder: str, prefix: str, samples, num_frames: int,
                 num_persons: int = 2, transform=None,
                 name_suffix: str = '.skeleton') -> dict:
    """Write ``<folder>/<prefix>_position.npy`` (N, 3, T, V, M) through a
    disk memmap and ``<prefix>_label.pkl`` = (names, labels).

    Args:
        samples: a sized iterable of dicts with ``keypoint`` (M, T, V, C),
            ``label``, ``sample_name``.
        num_frames: T; longer samples are cut (counted in the result),
            shorter ones zero-padded.
        transform: optional callable on the record (e.g. the
            ``AimCLRNormalize`` transform) applied before writing.
        name_suffix: appended to the sample names (the authors' names end
            in ``.skeleton``).

    Returns:
        ``{'num_samples': N, 'truncated': [names]}``.
    """
    os.makedirs(folder, exist_ok=True)
    if not hasattr(samples, '__len__'):
        samples = list(samples)
    n = len(samples)
    data_path = osp.join(folder, prefix + '_position.npy')
    tmp = data_path + '.tmp.npy'
    out = None
    names, labels, truncated = [], [], []
    for i, s in enumerate(samples):
        if transform is not None:
            s = transform(dict(s))
        kp = np.asarray(s['keypoint'], np.float32)[:num_persons]
        if out is None:
            out = np.lib.format.open_memmap(
                tmp, mode='w+', dtype=np.float32,
                shape=(n, kp.shape[-1], num_frames, kp.shape[2],
                       num_persons))
        if kp.shape[1] > num_frames:
            truncated.append(s['sample_name'])
            kp = kp[:, :num_frames]
        out[i, :, :kp.shape[1], :, :kp.shape[0]] = kp.transpose(3, 1, 2, 0)
        names.append(str(s['sample_name']) + name_suffix)
        labels.append(int(s['label']))
    if out is None:
        raise DataError(f'{data_path}: no samples to write')
    out.flush()
    del out
    os.replace(tmp, data_path)
    with atomic_write_path(osp.join(folder, prefix + '_label.pkl')) as tmp, \
            open(tmp, 'wb') as f:
        pickle.dump((names, labels), f, protocol=4)
    return dict(num_samples=n, truncated=truncated)
