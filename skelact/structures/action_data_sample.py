"""The data sample that travels with each skeleton through the model."""
import numbers

import numpy as np
import torch
from mmengine.structures import BaseDataElement

__all__ = ['ActionDataSample']


def _to_label_tensor(value) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.reshape(-1).long()
    if isinstance(value, np.ndarray):
        return torch.from_numpy(value).reshape(-1).long()
    if isinstance(value, numbers.Integral):
        return torch.tensor([int(value)], dtype=torch.long)
    raise TypeError(f'a label must be an int, array or tensor, got '
                    f'{type(value).__name__}')


class ActionDataSample(BaseDataElement):
    """Ground truth and prediction of one clip.

    Fields: ``gt_label`` (LongTensor (1,)), ``pred_score`` (FloatTensor
    (num_classes,)), ``pred_label`` (LongTensor (1,)), plus the record's
    meta information (``sample_name``, ``total_frames``, ...).
    """

    def set_gt_label(self, value) -> 'ActionDataSample':
        self.set_field(_to_label_tensor(value), 'gt_label', dtype=torch.Tensor)
        return self

    def set_pred_score(self, value: torch.Tensor) -> 'ActionDataSample':
        self.set_field(value, 'pred_score', dtype=torch.Tensor)
        return self

    def set_pred_label(self, value) -> 'ActionDataSample':
        self.set_field(_to_label_tensor(value), 'pred_label',
                       dtype=torch.Tensor)
        return self
