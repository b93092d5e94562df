"""What the embedding tool embeds: the samples of one or more datasets, in
a fixed order, with their metadata and splits."""
import hashlib
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.dataset import BaseDataset

from skelact.registry import DATASETS, TRANSFORMS
from ..formats.skelact import (read_skelact_index, read_skelact_meta,
                               read_skelact_split)

__all__ = ['EmbedSource']

META_FIELDS = ('subject', 'camera', 'setup')


class EmbedSource:
    """Samples to embed.

    Args:
        datasets: ``{split name or None: dataset or dataset config}``.
            Samples are taken in order and de-duplicated by
            ``sample_name`` (a sample in several splits is embedded once);
            each named dataset becomes a split of the output.
        splits: explicit splits (sample indices) instead, e.g. a skelact
            folder's ``splits.npz``.
        description: how the source was given, for the report.
        preprocess: transforms (configs) applied to each record before
            its graphs are built, e.g.
            ``[dict(type='AimCLRNormalize', length=None)]`` (centre and
            rotate, keep the frames); none by default (raw coordinates,
            as the seed).
    """

    def __init__(self, datasets: Dict[Optional[str], object],
                 splits: Optional[Dict[str, np.ndarray]] = None,
                 description: str = '', preprocess: Sequence = ()):
        self.datasets = []
        self.items = []          # (dataset number, index in it)
        self.records = []        # metadata per sample
        self.splits = {}
        self.description = description
        self.num_classes = None
        self.classes = None
        self.layout = None
        self.preprocess = list(preprocess)
        self._transforms = [TRANSFORMS.build(t) if isinstance(t, dict)
                            else t for t in self.preprocess]
        seen = {}
        for split, ds in datasets.items():
            if isinstance(ds, dict):
                ds = DATASETS.build(ds)
            ds.full_init()
            d = len(self.datasets)
            self.datasets.append(ds)
            self.layout = self.layout or ds.layout.name
            nc = getattr(ds, 'num_classes', None)
            if nc is not None:
                self.num_classes = max(self.num_classes or 0, nc)
            self.classes = self.classes or ds.metainfo.get('classes')
            rows = []
            for i in range(len(ds)):
                # metadata only: BaseDataset's record, keypoints not loaded
                info = BaseDataset.get_data_info(ds, i)
                name = str(info.get('sample_name', f'{d}:{i}'))
                if name not in seen:
                    seen[name] = len(self.items)
                    self.items.append((d, i))
                    self.records.append(self._meta(info))
                rows.append(seen[name])
            if split is not None:
                self.splits[split] = np.asarray(rows, np.int64)
        if splits is not None:
            self.splits = {k: np.asarray(v, np.int64)
                           for k, v in splits.items()}
        if self.num_classes is None and self.records:
            self.num_classes = 1 + max(r['label'] for r in self.records)

    @staticmethod
    def _meta(info: dict) -> dict:
        t = info.get('total_frames')
        if t is None and 'keypoint' in info:
            t = info['keypoint'].shape[1]
        rec = dict(sample_name=str(info.get('sample_name', '')),
                   label=int(info.get('label', -1)),
                   total_frames=int(t) if t is not None else -1)
        for k in META_FIELDS:
            rec[k] = int(info.get(k, -1))
        return rec

    @classmethod
    def from_folder(cls, folder: str, preprocess: Sequence = ()
                    ) -> 'EmbedSource':
        """Every sample of a skelact dataset folder, with its splits."""
        meta = read_skelact_meta(folder)
        n = len(read_skelact_index(folder)['label'])
        splits = {s: read_skelact_split(folder, s, n)
                  for s in meta.get('splits', [])}
        ds = dict(type='SkelactDataset', ann_file=folder, split=None,
                  layout=meta['layout'])
        return cls({None: ds}, splits=splits, preprocess=preprocess,
                   description=f'skelact folder {osp.abspath(folder)}')

    def __len__(self):
        return len(self.items)

    def keypoint(self, k: int) -> np.ndarray:
        """Sample ``k``'s keypoints (M, T, V, C), read (and preprocessed)
        now."""
        d, i = self.items[k]
        info = self.datasets[d].get_data_info(i)
        for t in self._transforms:
            info = t(info)
        return info['keypoint']

    def signature(self) -> str:
        """A digest of the sample list, to check that a cache belongs to
        this source."""
        h = hashlib.sha1(repr(self.preprocess).encode())
        for r in self.records:
            h.update(f'{r["sample_name"]}/{r["total_frames"]};'.encode())
        return h.hexdigest()

    def index_columns(self) -> Dict[str, List]:
        cols = {k: [r[k] for r in self.records]
                for k in ('sample_name', 'label') + META_FIELDS}
        cols['source_frames'] = [r['total_frames'] for r in self.records]
        return cols
