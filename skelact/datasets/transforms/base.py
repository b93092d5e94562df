"""The transform base class.

A transform maps a results dict to a results dict. Random transforms draw
from numpy's global random state, which mmengine seeds per run and per
dataloader worker, so runs are reproducible (DESIGN.md section 5).
"""
from typing import Optional

import numpy as np

__all__ = ['BaseTransform', 'get_keypoint']


class BaseTransform:
    """Callable wrapper: ``__call__`` runs :meth:`transform`."""

    def __call__(self, results: dict) -> Optional[dict]:
        return self.transform(results)

    def transform(self, results: dict) -> Optional[dict]:
        raise NotImplementedError

    def __repr__(self):
        args = ', '.join(f'{k}={v!r}' for k, v in vars(self).items()
                         if not k.startswith('_'))
        return f'{type(self).__name__}({args})'


def get_keypoint(results: dict, name: str,
                 min_channels: int = 1) -> np.ndarray:
    """``results['keypoint']``, checked to be a numpy (M, T, V, C) array with
    at least ``min_channels`` channels; errors name the transform."""
    kp = results.get('keypoint')
    if kp is None:
        raise KeyError(f'{name}: results have no "keypoint"')
    if not isinstance(kp, np.ndarray) or kp.ndim != 4:
        raise ValueError(f'{name}: "keypoint" must be a numpy array '
                         f'(M, T, V, C), got '
                         f'{getattr(kp, "shape", type(kp))}')
    if kp.shape[-1] < min_channels:
        raise ValueError(f'{name}: "keypoint" needs at least {min_channels} '
                         f'channels, got shape {kp.shape}')
    return kp
