"""The dataset of the CTR-GCN / SGN / MS-G3D-style ``.npz`` (described in
:mod:`skelact.datasets.formats.ctrgcn`). No sample names are in the file:
they are ``'<part>_<index>'``."""
from skelact.registry import DATASETS
from .base import DataError, SkeletonDataset
from .formats.ctrgcn import (CTRGCN_PARTS, check_ctrgcn_array, ctrgcn_sample,
                             npz_member_memmap, read_ctrgcn_labels)

__all__ = ['CTRGCNDataset']


@DATASETS.register_module()
class CTRGCNDataset(SkeletonDataset):
    """A CTR-GCN-style ``.npz``.

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
        if self.split not in CTRGCN_PARTS:
            raise DataError(f'{self.ann_file}: split {self.split!r} is '
                            'not one of train, test, val')
        return CTRGCN_PARTS[self.split]

    def load_data_list(self):
        self.check_exists(self.ann_file)
        part = self._part()
        self._m = check_ctrgcn_array(self.ann_file, part,
                                     self.layout.num_joints)
        labels, num_classes = read_ctrgcn_labels(self.ann_file, part)
        if self.num_classes is None:
            self.num_classes = num_classes
        return [dict(sample_name=f'{part}_{i:06d}', label=int(lab), index=i)
                for i, lab in enumerate(labels)]

    def load_keypoint(self, info):
        if self._x is None:
            self._x = npz_member_memmap(self.ann_file, 'x_' + self._part())
        kp, n = ctrgcn_sample(self._x, info.pop('index'), self._m,
                              self.layout.num_joints,
                              self.drop_duplicate_person)
        return dict(keypoint=kp, total_frames=n)
