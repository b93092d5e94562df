"""The base class of every skeleton dataset.

A dataset yields the sample records of DESIGN.md section 2 before the
pipeline: ``keypoint`` (M, T, V, C) float32, optional ``keypoint_score``
(M, T, V), ``label``, ``total_frames``, ``sample_name`` and, when known,
``subject``, ``camera``, ``setup``, ``img_shape``.

Subclasses implement :meth:`load_data_list` (light per-sample metadata; large
arrays stay on disk) and, when keypoints are not in the metadata,
:meth:`load_keypoint`. The base class checks every record it hands out and
raises :class:`DataError` naming the file, the field and what was expected.
"""
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.dataset import BaseDataset

from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout
from skelact.utils.errors import DataError
from .class_filter import filter_classes
from .sample_seed import sample_rng

__all__ = ['SkeletonDataset', 'DataError', 'select_label_subset']


def select_label_subset(labels: np.ndarray, fraction: float, seed: int = 0):
    """Class-balanced subset for semi-supervised protocols.

    Draws ``max(1, round(fraction * n_c))`` samples of every class ``c``
    (``n_c`` samples of it present) with a generator seeded by ``seed``, so
    the subset depends only on the labels, the fraction and the seed.

    Returns:
        Sorted int64 indices into ``labels``.
    """
    if not 0 < fraction <= 1:
        raise ValueError(f'label fraction must be in (0, 1], got {fraction}')
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    chosen = []
    for cls in np.unique(labels):
        idx = np.flatnonzero(labels == cls)
        k = max(1, int(round(fraction * len(idx))))
        chosen.append(rng.choice(idx, size=k, replace=False))
    return np.sort(np.concatenate(chosen)).astype(np.int64)


class SkeletonDataset(BaseDataset):
    """Base skeleton dataset.

    Args:
        ann_file: the annotation file or folder.
        pipeline: per-sample transforms.
        split: name of the split to read (``'xsub_train'``, ...), where the
            format holds several.
        layout: skeleton layout of the keypoints; the joint count is checked
            against it.
        num_classes: labels must lie in ``[0, num_classes)``; ``None`` skips
            the check.
        label_fraction: keep a class-balanced fraction of the samples
            (semi-supervised protocols, e.g. 0.01 or 0.1).
        subset_seed: seed of that selection.
        exclude_classes: drop these classes (0-based labels or a name of
            :data:`skelact.datasets.class_filter.CLASS_SETS`, e.g.
            ``'ntu60_mutual'``) and relabel the rest onto 0..K-1.
        prepare_hint: text added to the "missing file" error, telling the
            user how to create the file.
        **kwargs: passed to :class:`mmengine.dataset.BaseDataset`.
    """

    prepare_hint = 'see docs/datasets.md for how to prepare it'
    ann_file_field = 'ann_file'     # how errors name ``ann_file``

    def __init__(self,
                 ann_file: str,
                 pipeline: Sequence = (),
                 split: Optional[str] = None,
                 layout: str = 'nturgb+d',
                 num_classes: Optional[int] = None,
                 label_fraction: Optional[float] = None,
                 subset_seed: int = 0,
                 exclude_classes=None,
                 prepare_hint: Optional[str] = None,
                 **kwargs):
        self.split = split
        self.layout = get_layout(layout)
        self.num_classes = num_classes
        self.label_fraction = label_fraction
        self.subset_seed = subset_seed
        self.exclude_classes = exclude_classes
        if prepare_hint is not None:
            self.prepare_hint = prepare_hint
        # build from skelact's registry, so that pipelines work without
        # default_scope='skelact' (mmengine's Compose looks in its root)
        pipeline = [TRANSFORMS.build(t) if isinstance(t, dict) else t
                    for t in pipeline]
        super().__init__(ann_file=ann_file, pipeline=pipeline, **kwargs)

    # ------------------------------------------------------------------
    # loading
    def check_exists(self, path: str, field: str = 'ann_file'):
        if not osp.exists(path):
            raise FileNotFoundError(
                f'{type(self).__name__}: {field} {path!r} does not exist; '
                f'{self.prepare_hint}')

    def full_init(self):
        if self._fully_initialized:
            return
        if self.ann_file:
            self.check_exists(self.ann_file, self.ann_file_field)
        super().full_init()

    def load_data_list(self) -> List[dict]:
        raise NotImplementedError

    def load_keypoint(self, info: dict) -> Dict[str, np.ndarray]:
        """Return ``{'keypoint': ..., ['keypoint_score': ...]}`` for a
        record whose arrays are not in the metadata."""
        raise NotImplementedError(
            f'{type(self).__name__} keeps no keypoints in its records and '
            'does not implement load_keypoint')

    def filter_data(self) -> List[dict]:
        data_list = self.data_list
        labels = np.array([d['label'] for d in data_list], dtype=np.int64)
        self._check_labels(labels)
        if self.exclude_classes is not None:
            data_list, self.label_map, _ = filter_classes(
                data_list, self.exclude_classes, self.num_classes)
            self.num_classes = len(self.label_map)
            labels = np.array([d['label'] for d in data_list], np.int64)
        if self.label_fraction is not None:
            keep = select_label_subset(labels, self.label_fraction,
                                       self.subset_seed)
            data_list = [data_list[i] for i in keep]
        return data_list

    def _check_labels(self, labels: np.ndarray):
        if len(labels) == 0:
            raise DataError(f'{self.ann_file}: split {self.split!r} holds '
                            'no samples')
        if self.num_classes is None:
            return
        bad = np.flatnonzero((labels < 0) | (labels >= self.num_classes))
        if len(bad):
            i = int(bad[0])
            name = self.data_list[i].get('sample_name', f'#{i}')
            raise DataError(
                f'{self.ann_file}: field "label" of sample {name} is '
                f'{int(labels[i])}, expected an integer in '
                f'[0, {self.num_classes}) ({len(bad)} samples out of range)')

    def __getitem__(self, idx: int) -> dict:
        # an index from SampleSeedSampler carries the seed of this sample's
        # random stream (see skelact.datasets.sample_seed)
        seed = getattr(idx, 'seed', None)
        if seed is None:
            return super().__getitem__(idx)
        with sample_rng(seed):
            return super().__getitem__(int(idx))

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        if 'keypoint' not in info:
            info.update(self.load_keypoint(info))
        self.check_record(info)
        return info

    def check_record(self, info: dict):
        """Validate one record: layout, shape, finiteness, length."""
        where = f'{self.ann_file}, sample {info.get("sample_name", "?")}'
        kp = info['keypoint']
        if kp.ndim != 4:
            raise DataError(f'{where}: field "keypoint" has shape {kp.shape}'
                            ', expected (M, T, V, C)')
        m, t, v, c = kp.shape
        if v != self.layout.num_joints:
            raise DataError(
                f'{where}: field "keypoint" has {v} joints, expected '
                f'{self.layout.num_joints} for layout {self.layout.name!r}')
        if t == 0 or info.get('total_frames', t) <= 0:
            raise DataError(f'{where}: field "keypoint" has zero frames, '
                            'expected at least one')
        if c not in (2, 3):
            raise DataError(f'{where}: field "keypoint" has {c} channels, '
                            'expected 2 (xy) or 3 (xyz)')
        if not np.isfinite(kp).all():
            raise DataError(f'{where}: field "keypoint" holds NaN or '
                            'infinite coordinates, expected finite values')
        score = info.get('keypoint_score')
        if score is not None and score.shape != kp.shape[:3]:
            raise DataError(f'{where}: field "keypoint_score" has shape '
                            f'{score.shape}, expected {kp.shape[:3]}')
