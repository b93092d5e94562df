"""The dataset of skelact's own memory-mapped folder format (described in
:mod:`skelact.datasets.formats.skelact`)."""
from skelact.registry import DATASETS
from .base import DataError, SkeletonDataset
from .formats.skelact import (open_skelact_arrays, read_skelact_index,
                              read_skelact_meta, read_skelact_split,
                              skelact_sample)

__all__ = ['SkelactDataset']


@DATASETS.register_module()
class SkelactDataset(SkeletonDataset):
    """A dataset in skelact's own folder format.

    Args:
        ann_file: the dataset folder.
        split: the split to read; ``None`` reads every sample.
        **kwargs: see :class:`SkeletonDataset`.
    """

    prepare_hint = ('create it with tools/data/prepare_ntu.py (NTU RGB+D), '
                    'tools/data/make_synthetic.py (synthetic) or see '
                    'docs/datasets.md')

    def __init__(self, ann_file, split=None, **kwargs):
        self._keypoint = None
        self._score = None
        super().__init__(ann_file=ann_file, split=split, **kwargs)

    def __getstate__(self):
        # never pickle an open memmap into dataloader workers
        state = self.__dict__.copy()
        state['_keypoint'] = state['_score'] = None
        return state

    def load_data_list(self):
        meta = read_skelact_meta(self.ann_file)
        if meta['layout'] != self.layout.name:
            raise DataError(
                f'{self.ann_file}/meta.json: field "layout" is '
                f'{meta["layout"]!r}, the config expects '
                f'{self.layout.name!r} (dataset argument layout=)')
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
                       total_frames=int(index['total_frames'][i]),
                       frame_start=int(index['frame_start'][i]))
            for k in ('subject', 'camera', 'setup'):
                if index[k][i] >= 0:
                    rec[k] = int(index[k][i])
            if 'img_shape' in index and index['img_shape'][i][0] > 0:
                rec['img_shape'] = tuple(int(x) for x in index['img_shape'][i])
            data_list.append(rec)
        return data_list

    def load_keypoint(self, info):
        if self._keypoint is None:
            # opened lazily, once per worker process
            self._keypoint, self._score = open_skelact_arrays(
                self.ann_file, self._meta)
        return skelact_sample(self._keypoint, self._score,
                              info.pop('frame_start'), info['total_frames'])
