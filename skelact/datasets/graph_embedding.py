"""The dataset of per-frame embeddings (graph2vec), written by
``tools/data/embed_graph2vec.py`` in :mod:`.formats.embedding`."""
import numpy as np

from skelact.registry import DATASETS
from .base import DataError, SkeletonDataset
from .formats.embedding import open_embedding, read_embedding_meta
from .formats.skelact import read_skelact_index, read_skelact_split
from .frame_select import select_frames

__all__ = ['GraphEmbeddingDataset']


@DATASETS.register_module()
class GraphEmbeddingDataset(SkeletonDataset):
    """Sequences of per-frame embedding vectors.

    A record holds ``embedding``: float32 (T, D), the ``num_frames``
    selected frames of person ``person`` (a padding position or a frame
    without data is a zero vector), with ``label``, ``sample_name``,
    ``total_frames`` (the sample's frames in the source) and ``subject`` /
    ``camera`` / ``setup``. Pack it with ``PackSequenceInputs``.

    Args:
        ann_file: the embedding folder.
        split: split name; ``None`` reads every sample.
        num_frames, frame_select, window: which frames
            (:func:`skelact.datasets.frame_select.select_frames`; default
            the seed's reading: every 5th of a 300-frame padded sample). A
            folder embedded with a selection must have been embedded with
            this one; a folder of every frame (``'all'``) is selected here.
        person: which person's embeddings to read.
        exclude_classes, num_classes, ...: see :class:`SkeletonDataset`
            (``exclude_classes='ntu60_mutual'``: the seed's 49 classes).
    """

    prepare_hint = ('create it with tools/data/embed_graph2vec.py '
                    '(configs/graph2vec/README.md)')

    def __init__(self, ann_file, split=None, num_frames: int = 60,
                 frame_select: str = 'stride', window: int = 300,
                 person: int = 0, **kwargs):
        select_frames(1, num_frames, frame_select, window)   # checks args
        if frame_select == 'all':
            raise ValueError('GraphEmbeddingDataset: frame_select="all" '
                             'gives sequences of different lengths; '
                             'expected "stride", "uniform" or "first"')
        self.num_frames, self.frame_select = num_frames, frame_select
        self.window, self.person = window, person
        self._embedding = None
        kwargs.setdefault('layout', 'nturgb+d')
        super().__init__(ann_file=ann_file, split=split, **kwargs)

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_embedding'] = None     # never pickle an open memmap
        return state

    def load_data_list(self):
        meta = read_embedding_meta(self.ann_file)
        where = f'{self.ann_file}/meta.json'
        stored = meta['frame_select']
        if stored != 'all':
            ours = (self.frame_select, self.num_frames, self.window)
            theirs = (stored, meta['num_frames'], meta['window'])
            if ours != theirs:
                raise DataError(
                    f'{where}: embedded with frame_select/num_frames/window '
                    f'= {theirs}, the config asks for {ours}; embed again '
                    'with those settings or with --frame-select all')
        if not 0 <= self.person < meta['num_persons']:
            raise DataError(f'{where}: holds {meta["num_persons"]} '
                            f'person(s), the config reads person '
                            f'{self.person} (dataset argument person=)')
        if meta.get('layout', self.layout.name) != self.layout.name:
            raise DataError(f'{where}: field "layout" is '
                            f'{meta["layout"]!r}, the config expects '
                            f'{self.layout.name!r}')
        if self.num_classes is None:
            self.num_classes = meta.get('num_classes')
        self._meta = meta
        index = read_skelact_index(self.ann_file)
        rows = read_skelact_split(self.ann_file, self.split,
                                  len(index['label']))
        data_list = []
        for i in rows:
            rec = dict(sample_name=str(index['sample_name'][i]),
                       label=int(index['label'][i]),
                       total_frames=int(index['source_frames'][i]),
                       row_start=int(index['frame_start'][i]),
                       rows=int(index['total_frames'][i]))
            for k in ('subject', 'camera', 'setup'):
                if index[k][i] >= 0:
                    rec[k] = int(index[k][i])
            data_list.append(rec)
        return data_list

    def load_embedding(self, info: dict) -> np.ndarray:
        if self._embedding is None:
            self._embedding = open_embedding(self.ann_file)
        a, n = info.pop('row_start'), info.pop('rows')
        seq = self._embedding[a:a + n, self.person]
        if self._meta['frame_select'] != 'all':
            return np.array(seq, np.float32)
        sel = select_frames(n, self.num_frames, self.frame_select,
                            self.window)
        out = np.zeros((len(sel), seq.shape[1]), np.float32)
        out[sel >= 0] = seq[sel[sel >= 0]]
        return out

    def get_data_info(self, idx: int) -> dict:
        # the base class's record check is for keypoints; this one checks
        # the sequence
        info = super(SkeletonDataset, self).get_data_info(idx)
        info['embedding'] = emb = self.load_embedding(info)
        if emb.shape[0] != self.num_frames or not np.isfinite(emb).all():
            raise DataError(
                f'{self.ann_file}, sample {info["sample_name"]}: field '
                f'"embedding" has shape {emb.shape} (finite: '
                f'{bool(np.isfinite(emb).all())}), expected '
                f'({self.num_frames}, D) finite values')
        return info
