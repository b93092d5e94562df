"""skelact's own annotation format, a folder of ``.npy``/``.json`` files:
reader and writer.

No pickle anywhere, and the keypoints are one memory-mappable array, so an
NTU-120-sized dataset is read lazily, frame range by frame range::

    <name>/
      meta.json          {"format": "skelact", "version": 1,
                          "layout": "nturgb+d", "num_persons": 2,
                          "channels": 3, "num_classes": 60,
                          "classes": [...] (optional),
                          "splits": ["xsub_train", "xsub_val", ...]}
      keypoint.npy       float32 (F, M, V, C): every sample's frames,
                         concatenated along F; absent persons are zeros
      keypoint_score.npy float32 (F, M, V), optional (2D data)
      index.npz          per sample (N rows): sample_name (unicode),
                         label, frame_start, total_frames, subject, camera,
                         setup (int64, -1 when unknown), img_shape (N, 2),
                         optional
      splits.npz         one int64 array of sample indices per split name

Sample ``i`` is ``keypoint[frame_start[i]: frame_start[i] + total_frames[i]]``
transposed to the canonical (M, T, V, C).
"""
import json
import os
import os.path as osp
import shutil
from typing import Dict, Iterable, Optional, Sequence

import numpy as np

from skelact.skeletons import get_layout
from skelact.utils.atomic_io import (OutputExists, publish_folder,
                                     refuse_existing_outputs, temp_dir_for)
from skelact.utils.errors import DataError

__all__ = ['SkelactWriter', 'write_skelact', 'read_skelact_meta',
           'read_skelact_index', 'read_skelact_split', 'open_skelact_arrays',
           'skelact_sample']

FORMAT_NAME = 'skelact'
FORMAT_VERSION = 1
INDEX_INT_FIELDS = ('label', 'frame_start', 'total_frames', 'subject',
                    'camera', 'setup')


class SkelactWriter:
    """Stream samples into a skelact dataset folder.

    Samples are appended one by one (constant memory); :meth:`close` writes
    the folder atomically: everything goes to a temporary folder next to
    ``<out>`` first, which is renamed to ``<out>`` only when complete.

    An existing non-empty ``<out>`` is refused (:class:`OutputExists`)
    unless ``overwrite=True``; even then only the dataset's own files
    (:data:`DATASET_FILES`) are replaced, other files in the folder are
    kept, and a folder that holds another kind of data is refused.

    Args:
        out_dir: the dataset folder to create.
        layout: skeleton layout name.
        num_persons: M, persons per frame (fewer are zero-padded).
        channels: C, 3 for xyz, 2 for xy.
        num_classes: number of classes.
        with_score: store ``keypoint_score`` (2D data).
        classes: optional class names.
        overwrite: replace the dataset files of an existing ``out_dir``.
    """

    def __init__(self, out_dir: str, layout: str = 'nturgb+d',
                 num_persons: int = 2, channels: int = 3,
                 num_classes: Optional[int] = None, with_score: bool = False,
                 classes: Optional[Sequence[str]] = None,
                 overwrite: bool = False):
        self.out_dir = osp.abspath(out_dir)
        check_replaceable(self.out_dir, overwrite)
        self.layout = get_layout(layout)
        self.num_persons = num_persons
        self.channels = channels
        self.num_classes = num_classes
        self.with_score = with_score
        self.classes = list(classes) if classes is not None else None
        self.tmp_dir = temp_dir_for(self.out_dir)
        self._kp = open(osp.join(self.tmp_dir, 'keypoint.raw'), 'wb')
        self._sc = (open(osp.join(self.tmp_dir, 'score.raw'), 'wb')
                    if with_score else None)
        self._rows = {k: [] for k in INDEX_INT_FIELDS}
        self._names = []
        self._img_shape = []
        self._frames = 0

    def add(self, keypoint: np.ndarray, label: int, sample_name: str,
            keypoint_score: Optional[np.ndarray] = None, subject: int = -1,
            camera: int = -1, setup: int = -1, img_shape=None) -> int:
        """Append one sample (canonical (M, T, V, C)); returns its index."""
        kp = np.asarray(keypoint, dtype=np.float32)
        m, t, v, c = kp.shape
        if v != self.layout.num_joints or c != self.channels:
            raise DataError(
                f'{sample_name}: field "keypoint" has shape {kp.shape}, '
                f'expected (M, T, {self.layout.num_joints}, {self.channels})')
        if m > self.num_persons:
            raise DataError(f'{sample_name}: {m} persons, the dataset holds '
                            f'at most {self.num_persons}')
        padded = np.zeros((t, self.num_persons, v, c), np.float32)
        padded[:, :m] = kp.transpose(1, 0, 2, 3)
        self._kp.write(padded.tobytes())
        if self._sc is not None:
            if keypoint_score is None:
                raise DataError(f'{sample_name}: field "keypoint_score" '
                                'is required by this dataset')
            sc = np.zeros((t, self.num_persons, v), np.float32)
            sc[:, :m] = np.asarray(keypoint_score, np.float32).transpose(
                1, 0, 2)
            self._sc.write(sc.tobytes())
        row = dict(label=int(label), frame_start=self._frames,
                   total_frames=t, subject=subject, camera=camera,
                   setup=setup)
        for k in INDEX_INT_FIELDS:
            self._rows[k].append(row[k])
        self._names.append(str(sample_name))
        self._img_shape.append(img_shape if img_shape is not None
                               else (-1, -1))
        self._frames += t
        return len(self._names) - 1

    def __len__(self):
        return len(self._names)

    def close(self, splits: Dict[str, Iterable[int]]):
        """Write index, splits and metadata and publish the folder."""
        self._kp.close()
        frame_shape = (self.num_persons, self.layout.num_joints,
                       self.channels)
        _raw_to_npy(osp.join(self.tmp_dir, 'keypoint.raw'),
                    osp.join(self.tmp_dir, 'keypoint.npy'),
                    (self._frames,) + frame_shape)
        if self._sc is not None:
            self._sc.close()
            _raw_to_npy(osp.join(self.tmp_dir, 'score.raw'),
                        osp.join(self.tmp_dir, 'keypoint_score.npy'),
                        (self._frames,) + frame_shape[:2])
        index = {k: np.asarray(v, np.int64) for k, v in self._rows.items()}
        index['sample_name'] = np.asarray(self._names, dtype=np.str_)
        index['img_shape'] = np.asarray(self._img_shape,
                                        np.int64).reshape(-1, 2)
        np.savez(osp.join(self.tmp_dir, 'index.npz'), **index)
        n = len(self._names)
        split_arrays = {}
        for name, idx in splits.items():
            idx = np.asarray(list(idx), np.int64)
            if len(idx) and (idx.min() < 0 or idx.max() >= n):
                raise DataError(f'split {name!r} indexes outside 0..{n - 1}')
            split_arrays[name] = idx
        np.savez(osp.join(self.tmp_dir, 'splits.npz'), **split_arrays)
        num_classes = self.num_classes
        if num_classes is None and n:
            num_classes = int(index['label'].max()) + 1
        meta = dict(format=FORMAT_NAME, version=FORMAT_VERSION,
                    layout=self.layout.name, num_persons=self.num_persons,
                    channels=self.channels, num_classes=num_classes,
                    num_samples=n, splits=sorted(split_arrays),
                    with_score=self.with_score)
        if self.classes is not None:
            meta['classes'] = self.classes
        with open(osp.join(self.tmp_dir, 'meta.json'), 'w') as f:
            json.dump(meta, f, indent=1)
        publish_folder(self.tmp_dir, self.out_dir, DATASET_FILES)
        return self.out_dir

    def abort(self):
        """Drop the temporary folder (the output is left as it was)."""
        for f in (self._kp, self._sc):
            if f is not None:
                f.close()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)


DATASET_FILES = ('meta.json', 'keypoint.npy', 'keypoint_score.npy',
                 'index.npz', 'splits.npz')


def check_replaceable(out_dir: str, overwrite: bool):
    """Refuse an existing non-empty ``out_dir`` unless ``overwrite``; with
    it, refuse a folder whose files skelact did not write (its meta.json
    is not a skelact one, or it has dataset file names but no meta.json)."""
    if not osp.exists(out_dir):
        return
    if not osp.isdir(out_dir):
        raise OutputExists(f'{out_dir}: exists and is not a folder; '
                           'refusing to replace it')
    present = os.listdir(out_dir)
    if not present:
        return
    refuse_existing_outputs([out_dir], overwrite, what='the output folder')
    meta = osp.join(out_dir, 'meta.json')
    ours = [f for f in DATASET_FILES if f in present]
    foreign = False
    if osp.isfile(meta):
        try:
            with open(meta) as f:
                foreign = json.load(f).get('format') != FORMAT_NAME
        except (ValueError, AttributeError, OSError):
            foreign = True
    elif ours:
        foreign = True
    if foreign:
        raise OutputExists(
            f'{out_dir}: holds {", ".join(ours)} but is not a skelact '
            'dataset folder (no skelact meta.json); refusing to replace '
            'files skelact did not write, even with --overwrite')


def _raw_to_npy(raw_path, npy_path, shape, chunk=64 << 20):
    """Prefix a raw float32 file with an ``.npy`` header (streamed copy)."""
    out = np.lib.format.open_memmap(npy_path, mode='w+', dtype=np.float32,
                                    shape=shape)
    flat = out.reshape(-1)
    with open(raw_path, 'rb') as f:
        pos = 0
        while True:
            buf = f.read(chunk)
            if not buf:
                break
            arr = np.frombuffer(buf, np.float32)
            flat[pos:pos + len(arr)] = arr
            pos += len(arr)
    if pos != flat.size:
        raise DataError(f'{raw_path}: wrote {pos} values, expected '
                        f'{flat.size}')
    out.flush()
    del out, flat
    os.remove(raw_path)


def write_skelact(out_dir: str, samples: Iterable[dict],
                  splits: Dict[str, Iterable[int]], **writer_kwargs) -> str:
    """Write records (dicts with ``keypoint``, ``label``, ``sample_name``
    and optional ``keypoint_score``, ``subject``, ``camera``, ``setup``,
    ``img_shape``) to a skelact folder."""
    writer = SkelactWriter(out_dir, **writer_kwargs)
    try:
        for s in samples:
            writer.add(s['keypoint'], s['label'], s['sample_name'],
                       keypoint_score=s.get('keypoint_score'),
                       subject=s.get('subject', -1),
                       camera=s.get('camera', -1),
                       setup=s.get('setup', -1),
                       img_shape=s.get('img_shape'))
        return writer.close(splits)
    except BaseException:
        writer.abort()
        raise


# the index.npz columns the readers use
INDEX_COLUMNS = INDEX_INT_FIELDS + ('sample_name',)


def read_skelact_meta(folder: str) -> dict:
    path = osp.join(folder, 'meta.json')
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{folder!r} is not a skelact dataset folder: {path} is missing')
    try:
        with open(path, encoding='utf-8') as f:
            meta = json.load(f)
    except (ValueError, UnicodeDecodeError) as e:  # JSONDecodeError
        raise DataError(f'{path}: not valid JSON ({e}); expected the '
                        'meta.json a skelact dataset writer leaves') from None
    if not isinstance(meta, dict):
        raise DataError(f'{path}: expected a JSON object, got '
                        f'{type(meta).__name__}')
    if meta.get('format') != FORMAT_NAME:
        raise DataError(f'{path}: field "format" is {meta.get("format")!r}, '
                        f'expected {FORMAT_NAME!r}')
    if meta.get('version', 0) > FORMAT_VERSION:
        raise DataError(f'{path}: field "version" is {meta["version"]}, this '
                        f'skelact reads versions <= {FORMAT_VERSION}')
    return meta


def read_skelact_index(folder: str) -> Dict[str, np.ndarray]:
    """The per-sample columns of ``index.npz`` (no pickle), checked: the
    columns the readers use are there, one value per sample."""
    path = osp.join(folder, 'index.npz')
    try:
        with np.load(path, allow_pickle=False) as f:
            index = {k: f[k] for k in f.files}
    except (ValueError, OSError, EOFError, AttributeError) as e:
        if isinstance(e, FileNotFoundError):
            raise
        raise DataError(f'{path}: not a readable .npz of per-sample columns '
                        f'({e})') from None
    missing = [k for k in INDEX_COLUMNS if k not in index]
    if missing:
        raise DataError(f'{path}: column(s) {", ".join(missing)} missing; '
                        f'expected {", ".join(INDEX_COLUMNS)}')
    n = len(index['label'])
    for k in INDEX_COLUMNS:
        if len(index[k]) != n:
            raise DataError(f'{path}: column {k!r} has {len(index[k])} '
                            f'values, column \'label\' {n}')
    return index


def read_skelact_split(folder: str, split: Optional[str],
                       num_samples: int) -> np.ndarray:
    """Sample indices of ``split`` (every sample for ``None``)."""
    if split is None:
        return np.arange(num_samples)
    with np.load(osp.join(folder, 'splits.npz'), allow_pickle=False) as f:
        if split not in f.files:
            raise DataError(f'{folder}/splits.npz: no split {split!r}; it '
                            f'holds {sorted(f.files)}')
        return f[split]


def open_skelact_arrays(folder: str, meta: dict):
    """``(keypoint, keypoint_score or None)`` memory-mapped read-only."""
    path = osp.join(folder, 'keypoint.npy')
    kp = np.load(path, mmap_mode='r')
    want = (meta.get('num_persons'), meta.get('channels'))
    if kp.ndim != 4 or (want[0] and kp.shape[1] != want[0]) or \
            (want[1] and kp.shape[3] != want[1]):
        raise DataError(
            f'{path}: array has shape {kp.shape}, expected (frames, '
            f'M={want[0]}, V, C={want[1]}) as meta.json says')
    score = None
    if meta.get('with_score'):
        score = np.load(osp.join(folder, 'keypoint_score.npy'),
                        mmap_mode='r')
    return kp, score


def skelact_sample(keypoint: np.ndarray, score: Optional[np.ndarray],
                   frame_start: int, total_frames: int) -> dict:
    """One sample's ``keypoint`` (M, T, V, C) and, with scores,
    ``keypoint_score`` (M, T, V), cut out of the memory-mapped arrays."""
    s, t = frame_start, total_frames
    out = dict(keypoint=np.ascontiguousarray(
        keypoint[s:s + t].transpose(1, 0, 2, 3)))
    if score is not None:
        out['keypoint_score'] = np.ascontiguousarray(
            score[s:s + t].transpose(1, 0, 2))
    return out
