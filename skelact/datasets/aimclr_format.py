"""The AimCLR / CrosSCLR / ST-GCN preprocessed layout.

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
recovered from the zero padding (the last frame in which any joint is
non-zero), and the padding is cut unless ``trim_padding=False``.
The label pickle goes through :mod:`skelact.utils.safe_pickle`.
"""
import os.path as osp
import numpy as np

from skelact.registry import DATASETS
from skelact.utils.safe_pickle import safe_load_pickle
from .base import DataError, SkeletonDataset
from .ntu_raw import parse_ntu_name

__all__ = ['AimCLRDataset', 'read_aimclr_labels', 'valid_frames']


def valid_frames(kp: np.ndarray) -> int:
    """1 + index of the last frame (axis 1 of (M, T, V, C)) holding a
    non-zero coordinate; 0 for an all-zero sample."""
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


@DATASETS.register_module()
class AimCLRDataset(SkeletonDataset):
    """AimCLR/CrosSCLR ``(N, C, T, V, M)`` ``.npy`` + ``(names, labels)``
    label pickle (see module docstring).

    Args:
        data_file: the ``*_position.npy`` array.
        label_file: the ``*_label.pkl`` pickle.
        trim_padding: cut the trailing all-zero frames; ``total_frames`` is
            the recovered real length either way.
        **kwargs: see :class:`SkeletonDataset` (``label_fraction``,
            ``num_classes``, ``layout``, ``pipeline``, ...).
    """

    prepare_hint = ('create it with `python tools/data/prepare_ntu.py '
                    '--aimclr ...` from the raw NTU .skeleton files, or use '
                    'the AimCLR authors\' ntu_gendata.py output; see '
                    'docs/datasets.md')

    def __init__(self, data_file: str, label_file: str,
                 trim_padding: bool = True, **kwargs):
        self.data_file = data_file
        self.label_file = label_file
        self.trim_padding = trim_padding
        self._data = None
        super().__init__(ann_file=data_file, **kwargs)

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_data'] = None      # never pickle an open memmap
        return state

    def _path(self, p):
        root = getattr(self, 'data_root', None)
        if root and not osp.isabs(p) and not osp.exists(p):
            return osp.join(root, p)
        return p

    def load_data_list(self):
        data_file = self.ann_file
        label_file = self._path(self.label_file)
        self.check_exists(data_file, 'data_file')
        self.check_exists(label_file, 'label_file')
        names, labels = read_aimclr_labels(label_file)
        arr = np.load(data_file, mmap_mode='r')
        shape = arr.shape
        del arr
        v = self.layout.num_joints
        if len(shape) != 5 or shape[1] not in (2, 3) or shape[3] != v:
            raise DataError(
                f'{data_file}: array has shape {shape}, expected '
                f'(N, C=3, T, V={v}, M) (AimCLR layout)')
        if shape[0] != len(labels):
            raise DataError(
                f'{data_file}: {shape[0]} samples, but {label_file} holds '
                f'{len(labels)} labels')
        self._shape = shape
        data_list = []
        for i, (name, label) in enumerate(zip(names, labels)):
            rec = dict(sample_name=name, label=int(label), index=i)
            rec.update(parse_ntu_name(name, with_label=False))
            data_list.append(rec)
        return data_list

    def load_keypoint(self, info):
        if self._data is None:
            # opened lazily, once per worker process
            self._data = np.load(self.ann_file, mmap_mode='r')
        x = np.asarray(self._data[info.pop('index')], dtype=np.float32)
        kp = x.transpose(3, 1, 2, 0)            # (C,T,V,M) -> (M,T,V,C)
        n = valid_frames(kp)
        if self.trim_padding and n > 0:
            kp = kp[:, :n]
        return dict(keypoint=np.ascontiguousarray(kp),
                    total_frames=max(n, 1))


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
        transform: optional callable on the record (e.g. normalisation and
            :class:`ResizeFrames`) applied before writing.
        name_suffix: appended to the sample names (the authors' names end
            in ``.skeleton``).

    Returns:
        ``{'num_samples': N, 'truncated': [names]}``.
    """
    import os
    import pickle
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
    with open(osp.join(folder, prefix + '_label.pkl'), 'wb') as f:
        pickle.dump((names, labels), f, protocol=4)
    return dict(num_samples=n, truncated=truncated)
