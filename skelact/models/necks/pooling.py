"""Global average pooling of a backbone feature map."""
from typing import Optional

import torch.nn as nn

from skelact.models.layouts import check_feature_map
from skelact.registry import MODELS

__all__ = ['GlobalAveragePooling']


@MODELS.register_module()
class GlobalAveragePooling(nn.Module):
    """Average a feature map into the representation (N, C).

    - ``layout='skeleton'`` (default): a skeleton map (N, M, C, T, V) is
      averaged over (T, V), then over the persons M, as in the ST-GCN
      reference (``avg_pool2d`` over (T, V), then the mean over M);
    - ``layout='volume'``: a volume map (N, C, T, H, W) is averaged over
      (T, H, W).

    Args:
        layout: ``'skeleton'`` or ``'volume'`` (see
            :mod:`skelact.models.layouts`).
        in_channels: C; when given, the channel axis of the input is
            checked.

    Raises:
        ValueError: the input is not a 5-D map of ``layout``.
    """

    def __init__(self, layout: str = 'skeleton',
                 in_channels: Optional[int] = None):
        super().__init__()
        if layout not in ('skeleton', 'volume'):
            raise ValueError(f"GlobalAveragePooling: layout must be "
                             f"'skeleton' or 'volume', got {layout!r}")
        self.layout = layout
        self.in_channels = in_channels

    def forward(self, x):
        check_feature_map(x, self.layout, type(self).__name__,
                          self.in_channels)
        if self.layout == 'volume':
            n, c = x.shape[:2]
            return x.reshape(n, c, -1).mean(-1)
        n, m, c = x.shape[:3]
        return x.reshape(n, m, c, -1).mean(-1).mean(1)

    def extra_repr(self):
        return f'layout={self.layout!r}'
