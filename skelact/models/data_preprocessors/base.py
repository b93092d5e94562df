"""What every skelact data preprocessor shares: stack the collated samples
of one view into a batch, handle explicitly packed views, move to the
device.

A subclass names the rank of one sample (``sample_dims``), the layout it
stacks into (``batch_layout``, for messages) and may transform each
stacked batch (:meth:`process_batch`: streams, normalisation).
"""
from typing import Optional

import numpy as np
import torch
from mmengine.model import BaseDataPreprocessor

from skelact.registry import MODELS
from skelact.structures.views import is_packed_views, unpack_views

__all__ = ['StackDataPreprocessor', 'build_data_preprocessor']


class StackDataPreprocessor(BaseDataPreprocessor):
    """Base of skelact's data preprocessors.

    ``inputs`` of the collated batch:

    - one view: a batch tensor (N, ...), or a list of per-sample tensors /
      arrays (what ``pseudo_collate`` gives) -- whatever their rank;
    - several views: ``{'views': [view_0, ...]}`` (packed by the pipeline,
      see :mod:`skelact.structures.views`), each view as above.

    Output ``inputs``: one float batch tensor, or a list with one per view.
    """

    #: rank of one sample; a batch has one more axis
    sample_dims: int = 4
    #: axes of a batch, for messages
    batch_layout: str = '(N, ...)'
    #: what the pipeline should fix when samples differ in shape
    shape_hint: str = ''

    def process_batch(self, batch: torch.Tensor) -> torch.Tensor:
        """Transform one stacked float batch (a view); identity here."""
        return batch

    def stack(self, items) -> torch.Tensor:
        """Stack one view's samples into a float batch and check its rank."""
        name = type(self).__name__
        if isinstance(items, torch.Tensor):
            batch = items
        elif isinstance(items, np.ndarray):
            batch = torch.from_numpy(items)
        elif isinstance(items, (list, tuple)) and len(items):
            items = [torch.as_tensor(x) for x in items]
            shapes = {tuple(x.shape) for x in items}
            if len(shapes) > 1:
                raise ValueError(
                    f'{name}: samples of one batch have different shapes '
                    f'{sorted(shapes)}; {self.shape_hint}')
            batch = torch.stack(items)
        else:
            raise ValueError(f'{name}: expected a batch {self.batch_layout} '
                             f'or a list of samples, got '
                             f'{type(items).__name__}')
        if batch.dim() != self.sample_dims + 1:
            raise ValueError(
                f'{name}: expected a batch {self.batch_layout}, got shape '
                f'{tuple(batch.shape)}; several views must be packed by the '
                "pipeline (MultiView -> inputs={'views': [...]})")
        return self.process_batch(batch.float())

    def forward(self, data: dict, training: bool = False) -> dict:
        data = self.cast_data(data)
        inputs = data['inputs']
        if is_packed_views(inputs):
            inputs = [self.stack(view) for view in unpack_views(inputs)]
        else:
            inputs = self.stack(inputs)
        return dict(inputs=inputs, data_samples=data.get('data_samples'))


def build_data_preprocessor(cfg: Optional[dict]) -> BaseDataPreprocessor:
    """Build a data preprocessor of any registered kind from skelact's
    registry (mmengine's ``BaseModel`` would look only in its root
    registry); a built one is returned as it is. ``None`` gives the
    skeleton default, :class:`SkeletonDataPreprocessor`."""
    if cfg is None:
        cfg = dict(type='SkeletonDataPreprocessor')
    return cfg if isinstance(cfg, BaseDataPreprocessor) else MODELS.build(cfg)
