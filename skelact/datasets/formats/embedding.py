"""Per-frame embeddings (graph2vec) in skelact's folder format: reader and
writer.

The layout follows :mod:`.skelact` (the same ``index.npz`` and
``splits.npz``; no pickle; one memory-mappable array)::

    <name>/
      meta.json       {"format": "skelact-embedding", "version": 1,
                       "method": "graph2vec", "dim": 128, "num_persons": 1,
                       "frame_select": "stride", "num_frames": 60,
                       "window": 300, "layout": "nturgb+d",
                       "num_classes": 60, "num_samples": N,
                       "splits": [...], "params": {...}, "source": "..."}
      embedding.npy   float32 (F, M, D): the rows of every sample,
                      concatenated along F; a person-frame without a graph
                      (padding, absent person) is a zero vector
      index.npz       per sample: sample_name, label, frame_start,
                      total_frames (its rows), source_frames (its frames in
                      the source), subject, camera, setup
      splits.npz      one int64 array of sample indices per split name
      report.json     what the embedding tool did (counts, timings)

Sample ``i`` is ``embedding[frame_start[i]: frame_start[i] + total_frames[i]]``
(T, M, D). With ``frame_select`` other than ``'all'`` the rows are already
the selected frames (:mod:`skelact.datasets.frame_select`).
"""
import json
import os
import os.path as osp
from typing import Dict, Iterable

import numpy as np

from skelact.utils.atomic_io import publish_folder, temp_dir_for
from skelact.utils.errors import DataError

__all__ = ['EMBEDDING_FORMAT', 'EmbeddingWriter', 'read_embedding_meta',
           'open_embedding']

EMBEDDING_FORMAT = 'skelact-embedding'
EMBEDDING_VERSION = 1
EMBEDDING_FILES = ('meta.json', 'embedding.npy', 'index.npz', 'splits.npz',
                   'report.json')
INDEX_FIELDS = ('label', 'frame_start', 'total_frames', 'source_frames',
                'subject', 'camera', 'setup')


class EmbeddingWriter:
    """Write an embedding folder: rows into a memory-mapped array, then
    the index, splits and metadata; published atomically (a hidden
    temporary folder next to ``<out>`` is renamed to ``<out>`` by
    :meth:`close`). Into an existing ``<out>`` (``--overwrite``) only the
    embedding's own files (:data:`EMBEDDING_FILES`) are replaced.

    Args:
        out_dir: the folder to create (must not exist).
        num_rows: F, rows of all samples together.
        num_persons: M.
        dim: D.
    """

    def __init__(self, out_dir: str, num_rows: int, num_persons: int,
                 dim: int):
        self.out_dir = osp.abspath(out_dir)
        self.tmp_dir = temp_dir_for(self.out_dir)
        self.embedding = np.lib.format.open_memmap(
            osp.join(self.tmp_dir, 'embedding.npy'), mode='w+',
            dtype=np.float32, shape=(num_rows, num_persons, dim))

    def close(self, index: Dict[str, np.ndarray],
              splits: Dict[str, Iterable[int]], meta: dict,
              report: dict = None) -> str:
        self.embedding.flush()
        n = len(index['sample_name'])
        for k in INDEX_FIELDS:
            if len(index[k]) != n:
                raise DataError(f'index field {k!r} has {len(index[k])} '
                                f'rows, expected {n}')
        np.savez(osp.join(self.tmp_dir, 'index.npz'),
                 sample_name=np.asarray(index['sample_name'], np.str_),
                 **{k: np.asarray(index[k], np.int64) for k in INDEX_FIELDS})
        split_arrays = {k: np.asarray(list(v), np.int64)
                        for k, v in splits.items()}
        np.savez(osp.join(self.tmp_dir, 'splits.npz'), **split_arrays)
        meta = dict(meta, format=EMBEDDING_FORMAT,
                    version=EMBEDDING_VERSION, num_samples=n,
                    splits=sorted(split_arrays),
                    dim=int(self.embedding.shape[2]),
                    num_persons=int(self.embedding.shape[1]))
        with open(osp.join(self.tmp_dir, 'meta.json'), 'w') as f:
            json.dump(meta, f, indent=1)
        if report is not None:
            with open(osp.join(self.tmp_dir, 'report.json'), 'w') as f:
                json.dump(report, f, indent=1)
        del self.embedding
        publish_folder(self.tmp_dir, self.out_dir, EMBEDDING_FILES)
        return self.out_dir


def read_embedding_meta(folder: str) -> dict:
    path = osp.join(folder, 'meta.json')
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{folder!r} is not an embedding folder: {path} is missing')
    with open(path) as f:
        meta = json.load(f)
    if meta.get('format') != EMBEDDING_FORMAT:
        raise DataError(f'{path}: field "format" is {meta.get("format")!r}, '
                        f'expected {EMBEDDING_FORMAT!r} (write it with '
                        'tools/data/embed_graph2vec.py)')
    if meta.get('version', 0) > EMBEDDING_VERSION:
        raise DataError(f'{path}: field "version" is {meta["version"]}, '
                        f'this skelact reads versions <= {EMBEDDING_VERSION}')
    return meta


def open_embedding(folder: str) -> np.ndarray:
    """``embedding.npy`` (F, M, D), memory-mapped read-only."""
    return np.load(osp.join(folder, 'embedding.npy'), mmap_mode='r')
