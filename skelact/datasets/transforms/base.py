"""The transform base class.

A transform maps a results dict to a results dict. Random transforms draw
from numpy's global random state, which mmengine seeds per run and per
dataloader worker, so runs are reproducible (DESIGN.md section 5).
"""
from typing import Optional

__all__ = ['BaseTransform']


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
