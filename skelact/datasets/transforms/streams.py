"""Per-sample stream selection: a transform over :func:`skelact.streams.to_stream`.

The AimCLR / CrosSCLR authors compute the bone and motion streams from the
augmented views, so put :class:`ToStream` after the augmentations (inside
each :class:`MultiView` pipeline), or after ``MultiView`` -- it also maps a
list of views. ``keypoint_score`` is left unchanged.
"""
import numpy as np

from skelact.registry import TRANSFORMS
from skelact.streams import STREAMS, to_stream
from .base import BaseTransform

__all__ = ['ToStream']


@TRANSFORMS.register_module()
class ToStream(BaseTransform):
    """Replace ``keypoint`` by its ``stream`` (``'joint'``, ``'bone'`` or
    ``'motion'``; see :mod:`skelact.streams`).

    Args:
        stream: the stream.
        layout: skeleton layout of the bone stream.
    """

    def __init__(self, stream: str = 'joint', layout: str = 'nturgb+d'):
        if stream not in STREAMS:
            raise ValueError(f'ToStream: unknown stream {stream!r}; expected '
                             f'one of {STREAMS}')
        self.stream = stream
        self.layout = layout

    def _one(self, kp):
        if not isinstance(kp, np.ndarray) or kp.ndim != 4:
            raise ValueError(f'ToStream: "keypoint" must be a numpy array '
                             f'(M, T, V, C), got '
                             f'{getattr(kp, "shape", type(kp))}')
        return to_stream(kp, self.stream, self.layout)

    def transform(self, results):
        kp = results.get('keypoint')
        if kp is None:
            raise KeyError('ToStream: results have no "keypoint"')
        if isinstance(kp, (list, tuple)):
            results['keypoint'] = [self._one(k) for k in kp]
        else:
            results['keypoint'] = self._one(kp)
        return results
