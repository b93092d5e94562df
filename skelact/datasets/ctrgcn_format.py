"""The CTR-GCN / SGN / MS-G3D-style ``.npz`` (``NTU60_CS.npz``, ...).

::

    x_train  float32 (N, T=300, 150)   per frame: 2 persons x 25 joints x xyz,
                                       zero-padded in T; a one-person
                                       sample is often duplicated into the
                                       second person's 75 values
    y_train  (N, num_classes) one-hot  (or (N,) integer labels)
    x_test, y_test                     the same for the test split

``np.savez`` stores its members uncompressed, so the arrays are
memory-mapped straight out of the zip (nothing is loaded into RAM); a
compressed file falls back to loading the array. No sample names are in
the file: they are ``'<split>_<index>'``. The real length is recovered from
the zero padding. ``drop_duplicate_person=True`` zeroes a second person
that is an exact copy of the first.
"""
import struct
import zipfile

import numpy as np

from skelact.registry import DATASETS
from .aimclr_format import valid_frames
from .base import DataError, SkeletonDataset

__all__ = ['CTRGCNDataset', 'npz_member_memmap']

_SPLITS = {'train': 'train', 'test': 'test', 'val': 'test'}


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


@DATASETS.register_module()
class CTRGCNDataset(SkeletonDataset):
    """A CTR-GCN-style ``.npz`` (see module docstring).

    Args:
        ann_file: the ``.npz`` file.
        split: ``'train'`` or ``'test'`` (``'val'`` = ``'test'``).
        drop_duplicate_person: zero a second person identical to the first.
        **kwargs: see :class:`SkeletonDataset`.
    """

    prepare_hint = ('create it with CTR-GCN\'s data/ntu*/seq_transformation'
                    '.py, or use tools/data/prepare_ntu.py (skelact format); '
                    'see docs/datasets.md')

    def __init__(self, ann_file: str, split: str = 'train',
                 drop_duplicate_person: bool = False, **kwargs):
        self._x = None
        self.drop_duplicate_person = drop_duplicate_person
        super().__init__(ann_file=ann_file, split=split, **kwargs)

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_x'] = None
        return state

    def _part(self):
        if self.split not in _SPLITS:
            raise DataError(f'{self.ann_file}: split {self.split!r} is '
                            'not one of train, test, val')
        return _SPLITS[self.split]

    def load_data_list(self):
        self.check_exists(self.ann_file)
        part = self._part()
        x = npz_member_memmap(self.ann_file, 'x_' + part)
        v = self.layout.num_joints
        if x.ndim != 3 or x.shape[2] % (v * 3):
            raise DataError(f'{self.ann_file}: x_{part} has shape '
                            f'{x.shape}, expected (N, T, M * {v} * 3)')
        self._m = x.shape[2] // (v * 3)
        y = np.asarray(npz_member_memmap(self.ann_file, 'y_' + part))
        if y.ndim == 2:
            if y.shape[0] != x.shape[0] or not np.all(y.sum(1) == 1):
                raise DataError(f'{self.ann_file}: y_{part} has shape '
                                f'{y.shape} and is not one-hot, expected '
                                f'({x.shape[0]}, num_classes) one-hot rows')
            labels = y.argmax(1)
            if self.num_classes is None:
                self.num_classes = y.shape[1]
        elif y.ndim == 1 and len(y) == x.shape[0]:
            labels = y.astype(np.int64)
        else:
            raise DataError(f'{self.ann_file}: y_{part} has shape {y.shape}'
                            f', expected ({x.shape[0]}, num_classes)')
        del x
        return [dict(sample_name=f'{part}_{i:06d}', label=int(lab), index=i)
                for i, lab in enumerate(labels)]

    def load_keypoint(self, info):
        if self._x is None:
            self._x = npz_member_memmap(self.ann_file, 'x_' + self._part())
        x = np.asarray(self._x[info.pop('index')], dtype=np.float32)
        t = x.shape[0]
        kp = x.reshape(t, self._m, self.layout.num_joints, 3).transpose(
            1, 0, 2, 3)
        n = max(valid_frames(kp), 1)
        kp = np.ascontiguousarray(kp[:, :n])
        if (self.drop_duplicate_person and self._m > 1
                and np.array_equal(kp[0], kp[1])):
            kp[1] = 0
        return dict(keypoint=kp, total_frames=n)
