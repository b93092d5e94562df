"""The graph2vec embedding of a dataset: parallel, bounded in memory,
resumable.

Stages, each cached under ``<out>.cache/`` so that an interrupted run
continues where it stopped (re-run the same command):

1. **WL words** (parallel, ``workers`` processes): samples are cut into
   chunks of ``chunk_size``; each chunk writes one line of WL words per
   graph (person-frame with data) to ``chunks/<n>.txt`` and the graphs'
   output rows to ``chunks/<n>.npy``. A chunk file appears only when
   complete (written under a temporary name, then renamed), so finished
   chunks are skipped on resume. Memory: one chunk per worker.
2. **Corpus**: the chunk files are concatenated (streamed) into
   ``corpus.txt`` and ``doc_rows.npy``.
3. **PV-DBOW** (:func:`.doc2vec.train_pv_dbow`, ``workers`` threads):
   ``vectors.npy``. Memory: 4 * dim bytes per graph (see
   :mod:`.doc2vec`).
4. **Output**: the vectors are scattered into the memory-mapped
   ``embedding.npy`` of the output folder
   (:mod:`skelact.datasets.formats.embedding`), with the index, splits,
   metadata and ``report.json``; the cache is removed unless kept.

A cache made with other settings or another source is refused (one line
naming the setting); ``overwrite=True`` starts afresh.
"""
import json
import os
import os.path as osp
import shutil
import time
from typing import Optional

import numpy as np
from tqdm import tqdm

from ..formats.embedding import EmbeddingWriter
from ..frame_select import FRAME_SELECT_MODES, select_frames
from ..prep.runner import run_parallel
from .doc2vec import Doc2VecParams, train_pv_dbow
from .extra import require
from .wl import SkeletonGraph

__all__ = ['OutputExists', 'Graph2VecEmbedder']

_WORKER = {}     # the running embedder, inherited by forked workers


class OutputExists(FileExistsError):
    """The output folder exists and ``overwrite`` was not given."""


def _atomic_write_text(path: str, text: str):
    with open(path + '.part', 'w') as f:
        f.write(text)
    os.replace(path + '.part', path)


def _atomic_save(path: str, array: np.ndarray):
    with open(path + '.part', 'wb') as f:
        np.save(f, array)
    os.replace(path + '.part', path)


class Graph2VecEmbedder:
    """Embed every person-frame graph of a source with graph2vec.

    Args:
        graph: :class:`.wl.SkeletonGraph` arguments (``node_label``,
            ``bin_size``, ``wl_iterations``, ``digest_size``).
        doc2vec: :class:`.doc2vec.Doc2VecParams` (or its fields).
        num_frames, frame_select, window: the frames embedded per sample
            (:func:`skelact.datasets.frame_select.select_frames`); the
            default embeds the 60 of 300 the classifiers read, ``'all'``
            every frame.
        persons: persons embedded per frame (1: the first; the seed's
            49 classes are single-person actions).
        workers: processes for the WL stage and threads for PV-DBOW.
        chunk_size: samples per WL chunk (memory per worker).
        progress: show progress bars.
    """

    def __init__(self, graph: Optional[dict] = None, doc2vec=None,
                 num_frames: int = 60, frame_select: str = 'stride',
                 window: int = 300, persons: int = 1, workers: int = 2,
                 chunk_size: int = 64, progress: bool = True):
        require('networkx')
        require('gensim.models.doc2vec')
        self.graph_args = dict(node_label='centered', bin_size=0.2,
                               wl_iterations=2, digest_size=8)
        self.graph_args.update(graph or {})
        if isinstance(doc2vec, dict) or doc2vec is None:
            doc2vec = Doc2VecParams(**(doc2vec or {}))
        self.d2v = doc2vec.check()
        if frame_select not in FRAME_SELECT_MODES:
            raise ValueError(f'frame_select is {frame_select!r}, expected '
                             f'one of {FRAME_SELECT_MODES}')
        select_frames(1, num_frames, frame_select, window)   # checks args
        if persons < 1:
            raise ValueError(f'persons is {persons}, expected >= 1')
        self.num_frames, self.frame_select = num_frames, frame_select
        self.window, self.persons = window, persons
        self.workers, self.chunk_size = workers, max(1, chunk_size)
        self.progress = progress

    # ------------------------------------------------------------------
    def settings(self, source) -> dict:
        return dict(graph=self.graph_args, doc2vec=self.d2v.as_dict(),
                    num_frames=self.num_frames,
                    frame_select=self.frame_select, window=self.window,
                    persons=self.persons, layout=source.layout,
                    source=source.signature())

    def rows_per_sample(self, source) -> np.ndarray:
        if self.frame_select == 'all':
            t = np.array([r['total_frames'] for r in source.records])
            if (t <= 0).any():
                raise ValueError('frame_select="all" needs total_frames of '
                                 'every sample')
            return t.astype(np.int64)
        return np.full(len(source), self.num_frames, np.int64)

    # ------------------------------------------------------------------
    def run(self, source, out_dir: str, cache_dir: Optional[str] = None,
            overwrite: bool = False, keep_cache: bool = False) -> dict:
        """Embed ``source`` (:class:`.source.EmbedSource`) into
        ``out_dir``; returns the report."""
        out_dir = osp.abspath(out_dir)
        cache = osp.abspath(cache_dir or out_dir + '.cache')
        if osp.exists(out_dir) and not overwrite:
            raise OutputExists(f'{out_dir}: exists; refusing to overwrite '
                               'it (pass --overwrite to replace it)')
        if overwrite:
            shutil.rmtree(cache, ignore_errors=True)
        settings = self.settings(source)
        self._open_cache(cache, settings)
        rows = self.rows_per_sample(source)
        starts = np.concatenate([[0], np.cumsum(rows)[:-1]]).astype(np.int64)
        report = dict(source=source.description, samples=len(source),
                      settings=settings, workers=self.workers, stages={})
        t0 = time.time()
        if osp.isfile(osp.join(cache, 'corpus.json')):     # resumed
            graphs = dict(skipped='corpus cached', graphs=0, empty=0)
        else:
            graphs = self._wl_stage(source, cache, starts, rows)
        report['stages']['wl'] = dict(seconds=time.time() - t0, **graphs)
        t0 = time.time()
        num_docs = self._corpus_stage(cache)
        report['stages']['corpus'] = dict(seconds=time.time() - t0)
        t0 = time.time()
        vectors, info = self._train_stage(cache, num_docs)
        report['stages']['doc2vec'] = dict(seconds=time.time() - t0, **info)
        t0 = time.time()
        self._write_stage(source, cache, out_dir, vectors, starts, rows,
                          report)
        report['stages']['write'] = dict(seconds=time.time() - t0)
        if not keep_cache:
            shutil.rmtree(cache, ignore_errors=True)
        with open(osp.join(out_dir, 'report.json'), 'w') as f:
            json.dump(report, f, indent=1)
        return report

    def _open_cache(self, cache: str, settings: dict):
        os.makedirs(osp.join(cache, 'chunks'), exist_ok=True)
        path = osp.join(cache, 'settings.json')
        if osp.isfile(path):
            with open(path) as f:
                old = json.load(f)
            for key in settings:
                if old.get(key) != settings[key]:
                    raise ValueError(
                        f'{cache}: the cache was made with {key}='
                        f'{old.get(key)!r}, this run has {settings[key]!r}; '
                        'pass --overwrite to start afresh (or --cache-dir '
                        'elsewhere)')
        else:
            _atomic_write_text(path, json.dumps(settings, indent=1))

    # ------------------------------------------------------------------
    def _wl_stage(self, source, cache, starts, rows) -> dict:
        n_chunks = (len(source) + self.chunk_size - 1) // self.chunk_size
        todo = [c for c in range(n_chunks) if not osp.isfile(
            osp.join(cache, 'chunks', f'{c:06d}.npy'))]
        _WORKER.update(embedder=self, source=source, cache=cache,
                       starts=starts, rows=rows)
        stats = dict(chunks=n_chunks, chunks_cached=n_chunks - len(todo),
                     graphs=0, empty=0, busy_seconds=0.0)
        try:
            for out in run_parallel(_embed_chunk, todo,
                                    workers=min(self.workers, len(todo)),
                                    desc='WL words (chunks)',
                                    progress=self.progress, chunksize=1):
                for k in ('graphs', 'empty', 'busy_seconds'):
                    stats[k] += out[k]
        finally:
            _WORKER.clear()
        if stats['busy_seconds'] > 0:
            stats['graphs_per_second_per_worker'] = (
                stats['graphs'] + stats['empty']) / stats['busy_seconds']
        return stats

    def chunk_documents(self, source, chunk: int, starts, rows):
        """The WL documents of one chunk: ``(lines, doc_rows, empty)``,
        ``doc_rows`` the flat output row (``row * persons + person``) of
        each line."""
        graph = SkeletonGraph(source.layout, **self.graph_args)
        lines, doc_rows, empty = [], [], 0
        a = chunk * self.chunk_size
        for k in range(a, min(a + self.chunk_size, len(source))):
            kp = source.keypoint(k)                  # (M, T, V, C)
            t = kp.shape[1]
            if self.frame_select == 'all' and t != rows[k]:
                raise ValueError(
                    f'sample {source.records[k]["sample_name"]}: '
                    f'{t} frames, its record says {rows[k]}')
            sel = select_frames(t, self.num_frames, self.frame_select,
                                self.window)
            pos = np.flatnonzero(sel >= 0)
            for p in range(self.persons):
                if p >= kp.shape[0]:
                    empty += len(sel)
                    continue
                frames = kp[p, sel[pos]]
                has = np.abs(frames).reshape(len(pos), -1).sum(1) > 0
                empty += len(sel) - int(has.sum())
                for words in graph.words(frames[has]):
                    lines.append(' '.join(words))
                doc_rows.extend((starts[k] + pos[has]) * self.persons + p)
        return lines, np.asarray(doc_rows, np.int64), empty

    # ------------------------------------------------------------------
    def _corpus_stage(self, cache) -> int:
        done = osp.join(cache, 'corpus.json')
        if osp.isfile(done):
            with open(done) as f:
                return json.load(f)['documents']
        chunks = sorted(f for f in os.listdir(osp.join(cache, 'chunks'))
                        if f.endswith('.npy'))
        corpus = osp.join(cache, 'corpus.txt')
        doc_rows = []
        with open(corpus + '.part', 'wb') as out:
            for name in chunks:
                base = osp.join(cache, 'chunks', name[:-4])
                doc_rows.append(np.load(base + '.npy'))
                with open(base + '.txt', 'rb') as f:
                    shutil.copyfileobj(f, out, 16 << 20)
        os.replace(corpus + '.part', corpus)
        doc_rows = (np.concatenate(doc_rows) if doc_rows
                    else np.zeros(0, np.int64))
        if not len(doc_rows):
            raise ValueError('graph2vec: no graph to embed (every '
                             'person-frame of the source is empty)')
        _atomic_save(osp.join(cache, 'doc_rows.npy'), doc_rows)
        _atomic_write_text(done, json.dumps(dict(documents=len(doc_rows))))
        shutil.rmtree(osp.join(cache, 'chunks'))
        return len(doc_rows)

    def _train_stage(self, cache, num_docs):
        path = osp.join(cache, 'vectors.npy')
        info_path = osp.join(cache, 'doc2vec.json')
        if osp.isfile(path) and osp.isfile(info_path):
            with open(info_path) as f:
                return np.load(path, mmap_mode='r'), json.load(f)
        bar = (tqdm(total=self.d2v.epochs, desc='PV-DBOW (epochs)')
               if self.progress else None)
        try:
            vectors, info = train_pv_dbow(
                osp.join(cache, 'corpus.txt'), num_docs, self.d2v,
                workers=self.workers,
                progress=(lambda e: bar.update(1)) if bar else None)
        finally:
            if bar is not None:
                bar.close()
        info['documents'] = num_docs
        _atomic_save(path, vectors)
        _atomic_write_text(info_path, json.dumps(info))
        return vectors, info

    def _write_stage(self, source, cache, out_dir, vectors, starts, rows,
                     report, block: int = 1 << 18):
        doc_rows = np.load(osp.join(cache, 'doc_rows.npy'), mmap_mode='r')
        writer = EmbeddingWriter(out_dir, int(rows.sum()), self.persons,
                                 self.d2v.vector_size)
        flat = writer.embedding.reshape(-1, self.d2v.vector_size)
        for a in range(0, len(doc_rows), block):
            flat[np.asarray(doc_rows[a:a + block])] = vectors[a:a + block]
        del flat
        index = source.index_columns()
        index.update(frame_start=starts, total_frames=rows)
        meta = dict(method='graph2vec', layout=source.layout,
                    frame_select=self.frame_select,
                    num_frames=self.num_frames, window=self.window,
                    num_classes=source.num_classes,
                    params=dict(graph=self.graph_args,
                                doc2vec=self.d2v.as_dict(),
                                persons=self.persons,
                                preprocess=source.preprocess),
                    source=source.description)
        if source.classes:
            meta['classes'] = list(source.classes)
        writer.close(index, source.splits, meta, report)


def _embed_chunk(chunk: int) -> dict:
    w = _WORKER
    t0 = time.time()
    lines, doc_rows, empty = w['embedder'].chunk_documents(
        w['source'], chunk, w['starts'], w['rows'])
    base = osp.join(w['cache'], 'chunks', f'{chunk:06d}')
    _atomic_write_text(base + '.txt', ''.join(s + '\n' for s in lines))
    _atomic_save(base + '.npy', doc_rows)      # last: marks the chunk done
    return dict(graphs=len(lines), empty=empty,
                busy_seconds=time.time() - t0)
