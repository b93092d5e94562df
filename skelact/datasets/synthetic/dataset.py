"""The synthetic dataset class: generated in memory, no file."""
from typing import List, Optional, Sequence

from skelact.registry import DATASETS
from ..base import SkeletonDataset
from .actions import CLASSES
from .generator import SPLITS, cached_synthetic

__all__ = ['SyntheticDataset']


@DATASETS.register_module()
class SyntheticDataset(SkeletonDataset):
    """The built-in synthetic dataset, generated in memory (no file).

    Args:
        split: ``'xsub_train'``, ``'xsub_val'``, ``'xview_train'``,
            ``'xview_val'`` or ``None`` (every sample).
        num_classes ... seed, body_scale_range, tempo_range: see
            :func:`generate_synthetic`.
        nuisance: the nuisance knobs of :mod:`.nuisance` (viewpoint,
            dropped joints, occlusion, distractor motion), as a dict;
            ``None`` (default) leaves them all off.
        pipeline: per-sample transforms.
        **kwargs: see :class:`SkeletonDataset` (``label_fraction``, ...).
    """

    CLASSES = CLASSES

    def __init__(self, split: Optional[str] = 'xsub_train',
                 num_classes: int = 10, num_subjects: int = 20,
                 num_cameras: int = 3,
                 samples_per_class_subject_camera: int = 2,
                 min_frames: int = 40, max_frames: int = 120,
                 noise_std: float = .01, num_setups: int = 4, seed: int = 0,
                 body_scale_range=None, tempo_range=(.8, 1.25),
                 nuisance: Optional[dict] = None,
                 pipeline: Sequence = (), **kwargs):
        if split is not None and split not in SPLITS:
            raise ValueError(f'SyntheticDataset: unknown split {split!r}, '
                             f'expected one of {SPLITS} or None')
        self.generator_args = dict(
            num_classes=num_classes, num_subjects=num_subjects,
            num_cameras=num_cameras,
            samples_per_class_subject_camera=(
                samples_per_class_subject_camera),
            min_frames=min_frames, max_frames=max_frames,
            noise_std=noise_std, num_setups=num_setups, seed=seed,
            body_scale_range=(None if body_scale_range is None
                              else tuple(body_scale_range)),
            tempo_range=tuple(tempo_range), **dict(nuisance or {}))
        kwargs.setdefault('metainfo',
                          dict(classes=CLASSES[:num_classes]))
        kwargs.pop('ann_file', None)
        kwargs.pop('layout', None)
        super().__init__(ann_file='', pipeline=pipeline, split=split,
                         layout='nturgb+d', num_classes=num_classes,
                         **kwargs)

    def load_data_list(self) -> List[dict]:
        records, splits = cached_synthetic(**self.generator_args)
        rows = (range(len(records)) if self.split is None
                else splits[self.split])
        return [records[i] for i in rows]
