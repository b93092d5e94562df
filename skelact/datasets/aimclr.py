"""The dataset of the AimCLR / CrosSCLR preprocessed layout (described in
:mod:`skelact.datasets.formats.aimclr`)."""
import numpy as np

from skelact.registry import DATASETS
from .base import SkeletonDataset
from .formats.aimclr import (aimclr_files, aimclr_sample, check_aimclr_array,
                             read_aimclr_labels)
from .ntu_meta import parse_ntu_name

__all__ = ['AimCLRDataset']


@DATASETS.register_module()
class AimCLRDataset(SkeletonDataset):
    """AimCLR/CrosSCLR ``<split>_position.npy`` (N, C, T, V, M) +
    ``<split>_label.pkl`` (names, labels) in one benchmark folder.

    Args:
        data_root: the benchmark folder (``data/ntu60_aimclr/xsub/``).
        split: the file pair to read, ``'train'`` or ``'val'`` (any
            ``<split>_position.npy`` / ``<split>_label.pkl``).
        trim_padding: cut the trailing all-zero frames; ``total_frames`` is
            the recovered real length either way.
        **kwargs: see :class:`SkeletonDataset` (``label_fraction``,
            ``num_classes``, ``layout``, ``pipeline``, ...).
    """

    prepare_hint = ('create it with `python tools/data/prepare_ntu.py '
                    '--aimclr ...` from the raw NTU .skeleton files, or use '
                    'the AimCLR authors\' ntu_gendata.py output; see '
                    'docs/datasets.md')
    ann_file_field = 'data_file'

    def __init__(self, data_root: str, split: str = 'train',
                 trim_padding: bool = True, **kwargs):
        self.data_file, self.label_file = aimclr_files(data_root, split)
        self.trim_padding = trim_padding
        self._data = None
        super().__init__(ann_file=self.data_file, split=split, **kwargs)

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_data'] = None      # never pickle an open memmap
        return state

    def load_data_list(self):
        self.check_exists(self.data_file, 'data_file')
        self.check_exists(self.label_file, 'label_file')
        names, labels = read_aimclr_labels(self.label_file)
        check_aimclr_array(self.data_file, self.layout.num_joints,
                           len(labels), self.label_file)
        data_list = []
        for i, (name, label) in enumerate(zip(names, labels)):
            rec = dict(sample_name=name, label=int(label), index=i)
            rec.update(parse_ntu_name(name, with_label=False))
            data_list.append(rec)
        return data_list

    def load_keypoint(self, info):
        if self._data is None:
            # opened lazily, once per worker process
            self._data = np.load(self.data_file, mmap_mode='r')
        kp, n = aimclr_sample(self._data, info.pop('index'),
                              self.trim_padding)
        return dict(keypoint=kp, total_frames=n)
