"""The feature-map layouts of skelact's backbone families (DESIGN.md,
section 3), and the check that necks and heads run on what they receive.

- ``'skeleton'``: graph, transformer and MLP backbones over joints return
  **(N, M, C, T, V)** -- batch, persons, channels, frames, joints;
- ``'volume'``: 3D CNNs over heatmaps or frames return **(N, C, T, H, W)**
  -- batch, channels, frames, height, width.

Both are 5-D, so the rank alone cannot tell them apart: a module states the
layout it reads (``layout=``), and where it knows its input width
(``in_channels``) the channel axis is checked too.
"""
from typing import Optional

import torch

__all__ = ['LAYOUTS', 'channel_axis', 'check_feature_map']

LAYOUTS = {
    'skeleton': ('N', 'M', 'C', 'T', 'V'),
    'volume': ('N', 'C', 'T', 'H', 'W'),
}


def _check_layout(layout: str, where: str) -> tuple:
    if layout not in LAYOUTS:
        raise ValueError(f'{where}: unknown layout {layout!r}; expected one '
                         f'of {sorted(LAYOUTS)}')
    return LAYOUTS[layout]


def channel_axis(layout: str) -> int:
    """Position of C in a feature map of ``layout``."""
    return _check_layout(layout, 'channel_axis').index('C')


def check_feature_map(x, layout: str = 'skeleton', where: str = 'module',
                      in_channels: Optional[int] = None) -> torch.Tensor:
    """Return ``x`` if it is a 5-D feature map of ``layout`` (with
    ``in_channels`` channels when given); raise a ``ValueError`` naming
    ``where``, the expected layout and the shape received otherwise."""
    axes = _check_layout(layout, where)
    expected = f'a {layout} feature map ({", ".join(axes)})'
    if in_channels is not None:
        expected += f' with C={in_channels}'
    if not isinstance(x, torch.Tensor):
        raise ValueError(f'{where}: expected {expected}, got '
                         f'{type(x).__name__}')
    if x.dim() != len(axes):
        raise ValueError(f'{where}: expected {expected}, got a {x.dim()}-D '
                         f'tensor of shape {tuple(x.shape)}')
    if in_channels is not None and x.shape[axes.index('C')] != in_channels:
        raise ValueError(f'{where}: expected {expected}, got shape '
                         f'{tuple(x.shape)}')
    return x
