"""The dataset of the pyskl / mmaction2 annotation pickle (described in
:mod:`skelact.datasets.formats.pyskl`).

The keypoint arrays live in the pickle itself, so they are held in memory
(outside ``data_list``; the records stay light); convert a very large file
to skelact's memory-mapped format with
:func:`~skelact.datasets.formats.pyskl_to_skelact` to train without that.
"""
from typing import Optional

import numpy as np

from skelact.registry import DATASETS
from .base import SkeletonDataset
from .formats.pyskl import pyskl_sample, read_pyskl, select_pyskl_split
from .ntu_meta import parse_ntu_name

__all__ = ['PysklDataset']


@DATASETS.register_module()
class PysklDataset(SkeletonDataset):
    """A pyskl / mmaction2 annotation pickle.

    Args:
        ann_file: the ``.pkl`` file.
        split: a split name of the file (``'xsub_train'``, ``'xset_val'``,
            ...); ``None`` reads every annotation.
        **kwargs: see :class:`SkeletonDataset`; use ``layout='coco'`` for
            2D files.
    """

    prepare_hint = ('download it from pyskl (tools/data/README.md there) or '
                    'create it with `python tools/data/prepare_ntu.py '
                    '--pyskl ...`; see docs/datasets.md')

    def __init__(self, ann_file: str, split: Optional[str] = None,
                 **kwargs):
        self._annos = None
        super().__init__(ann_file=ann_file, split=split, **kwargs)

    def load_data_list(self):
        self.check_exists(self.ann_file)
        split, annos = read_pyskl(self.ann_file)
        rows = select_pyskl_split(self.ann_file, split, annos, self.split)
        self._annos = annos
        data_list = []
        for i in rows:
            a = annos[i]
            name = str(a['frame_dir'])
            rec = dict(sample_name=name, label=int(a['label']),
                       total_frames=int(a.get('total_frames',
                                              np.shape(a['keypoint'])[1])),
                       index=i)
            if 'img_shape' in a:
                rec['img_shape'] = tuple(int(x) for x in a['img_shape'])
            rec.update(parse_ntu_name(name, with_label=False))
            data_list.append(rec)
        return data_list

    def load_keypoint(self, info):
        return pyskl_sample(self._annos[info.pop('index')])
