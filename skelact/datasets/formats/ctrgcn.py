"""The CTR-GCN / SGN / MS-G3D-style ``.npz`` (``NTU60_CS.npz``, ...):
reader and writer.

::

    x_train  float32 (N, T=300, 150)   per frame: 2 persons x 25 joints x xyz,
                                       zero-padded in T; a one-person
                                       sample is often duplicated into the
                                       second person's 75 values
    y_train  (N, num_classes) one-hot  (or (N,) integer labels)
    x_test, y_test                     the same for the test split

``np.savez`` stores its members uncompressed, so the arrays are
memory-mapped straight out of the zip (:func:`npz_member_memmap`, nothing
is loaded into RAM); a compressed file falls back to loading the array. No
sample names are in the file. The real length is recovered from the zero
padding.
"""
import struct
import zipfile
from typing import Sequence, Tuple

import numpy as np

from skelact.utils.errors import DataError
from .aimclr import valid_frames

__all__ = ['CTRGCN_PARTS', 'npz_member_memmap', 'read_ctrgcn_labels',
           'check_ctrgcn_array', 'ctrgcn_sample', 'write_ctrgcn']

# split name -> the member suffix (``val`` reads the test arrays)
CTRGCN_PARTS = {'train': 'train', 'test': 'test', 'val': 'test'}


def npz_member_memmap(path: str, key: str) -> np.ndarray:
    """A read-only memmap of an uncompressed ``.npz`` member (a loaded
    array when the member is compressed)."""
    with zipfile.ZipFile(path) as zf:
        try:
            info = zf.getinfo(key + '.npy')
        except KeyError:
            raise DataError(f'{path}: no array {key!r}; the file holds '
                            f'{[n[:-4] for n in zf.namelist()]}')
        if info.compress_type != zipfile.ZIP_STORED:
            with zf.open(info) as f:
                return np.lib.format.read_array(f, allow_pickle=False)
    with open(path, 'rb') as f:
        f.seek(info.header_offset)
        local = f.read(30)
        if local[:4] != b'PK\x03\x04':
            raise DataError(f'{path}: corrupt zip entry {key}.npy')
        name_len, extra_len = struct.unpack('<HH', local[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        if dtype.hasobject:
            raise DataError(f'{path}: {key} holds Python objects; refusing '
                            'to unpickle them')
        offset = f.tell()
    return np.memmap(path, dtype=dtype, mode='r', offset=offset,
                     shape=shape, order='F' if fortran else 'C')


def check_ctrgcn_array(path: str, part: str, num_joints: int) -> int:
    """The person count M of ``x_<part>`` (N, T, M * V * 3), checked."""
    x = npz_member_memmap(path, 'x_' + part)
    if x.ndim != 3 or x.shape[2] % (num_joints * 3):
        raise DataError(f'{path}: x_{part} has shape {x.shape}, expected '
                        f'(N, T, M * {num_joints} * 3)')
    return x.shape[2] // (num_joints * 3)


def read_ctrgcn_labels(path: str, part: str) -> Tuple[np.ndarray, int]:
    """``(labels, num_classes or None)`` of ``y_<part>``: one-hot rows
    (their width is the class count) or integer labels."""
    n = len(npz_member_memmap(path, 'x_' + part))
    y = np.asarray(npz_member_memmap(path, 'y_' + part))
    if y.ndim == 2:
        if y.shape[0] != n or not np.all(y.sum(1) == 1):
            raise DataError(f'{path}: y_{part} has shape {y.shape} and is '
                            f'not one-hot, expected ({n}, num_classes) '
                            'one-hot rows')
        return y.argmax(1).astype(np.int64), int(y.shape[1])
    if y.ndim == 1 and len(y) == n:
        return y.astype(np.int64), None
    raise DataError(f'{path}: y_{part} has shape {y.shape}, expected '
                    f'({n}, num_classes)')


def ctrgcn_sample(x: np.ndarray, index: int, num_persons: int,
                  num_joints: int, drop_duplicate_person: bool = False):
    """Sample ``index`` of ``x_<part>`` as float32 (M, T, V, 3) without the
    zero padding, and its real length (at least 1).
    ``drop_duplicate_person`` zeroes a second person that is an exact copy
    of the first."""
    s = np.asarray(x[index], dtype=np.float32)
    t = s.shape[0]
    kp = s.reshape(t, num_persons, num_joints, 3).transpose(1, 0, 2, 3)
    n = max(valid_frames(kp), 1)
    kp = np.ascontiguousarray(kp[:, :n])
    if (drop_duplicate_person and num_persons > 1
            and np.array_equal(kp[0], kp[1])):
        kp[1] = 0
    return kp, n


def write_ctrgcn(path: str, train: Sequence, test: Sequence,
                 num_classes: int, num_frames: int = 300,
                 num_persons: int = 2, duplicate: bool = True) -> str:
    """Write a CTR-GCN ``.npz``.

    Args:
        train, test: sequences of ``(keypoint (M, T, V, 3), label)``;
            longer samples than ``num_frames`` raise.
        duplicate: copy a one-person sample into the second person's
            values (as CTR-GCN's ``seq_transformation.py`` does).
    """
    def pack(items, part):
        v = np.asarray(items[0][0]).shape[2] if items else 25
        x = np.zeros((len(items), num_frames, num_persons * v * 3),
                     np.float32)
        y = np.zeros((len(items), num_classes), np.float32)
        for i, (kp, label) in enumerate(items):
            kp = np.asarray(kp, np.float32)[:num_persons]
            m, t = kp.shape[:2]
            if t > num_frames:
                raise DataError(f'{path}: x_{part} sample {i} has {t} '
                                f'frames, expected at most {num_frames}')
            flat = kp.transpose(1, 0, 2, 3).reshape(t, m * v * 3)
            x[i, :t, :flat.shape[1]] = flat
            if m == 1 and duplicate:
                x[i, :t, flat.shape[1]:2 * flat.shape[1]] = flat
            y[i, int(label)] = 1
        return x, y
    x_train, y_train = pack(list(train), 'train')
    x_test, y_test = pack(list(test), 'test')
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test,
             y_test=y_test)
    return path
