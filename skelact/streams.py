"""Input streams: joint, bone and motion, computed in one place.

Works on numpy arrays and torch tensors in the canonical layout
``(..., T, V, C)`` (a sample (M, T, V, C) or a batch (N, M, T, V, C)).

- ``joint``: the coordinates themselves;
- ``bone``: joint minus its parent, ``x[..., child, :] - x[..., parent, :]``
  for every ``(child, parent)`` of the layout (the centre joint gets zero),
  as in the AimCLR/CrosSCLR bone stream;
- ``motion``: temporal difference ``x[t + 1] - x[t]``, the last frame zero,
  as in the AimCLR/CrosSCLR motion stream.

A run chooses its stream in one place, the data preprocessor
(``SkeletonDataPreprocessor(stream=...)``), which computes it on the
augmented batch, as the authors' training loops do.
"""
import numpy as np
import torch

from skelact.skeletons import get_layout

__all__ = ['STREAMS', 'to_stream']

STREAMS = ('joint', 'bone', 'motion')


def to_stream(x, stream: str, layout='nturgb+d'):
    """Return stream ``stream`` of ``x`` (same type, shape and dtype)."""
    if stream == 'joint':
        return x
    if stream == 'bone':
        layout = get_layout(layout)
        child, parent = zip(*layout.bones)
        out = _zeros_like(x)
        out[..., list(child), :] = x[..., list(child), :] - \
            x[..., list(parent), :]
        return out
    if stream == 'motion':
        out = _zeros_like(x)
        out[..., :-1, :, :] = x[..., 1:, :, :] - x[..., :-1, :, :]
        return out
    raise ValueError(f'unknown stream {stream!r}; expected one of {STREAMS}')


def _zeros_like(x):
    return torch.zeros_like(x) if isinstance(x, torch.Tensor) \
        else np.zeros_like(x)
