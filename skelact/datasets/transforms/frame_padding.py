"""Zero padding of the frame axis to a fixed length."""
import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint

__all__ = ['ZeroPadFrames']


@TRANSFORMS.register_module()
class ZeroPadFrames(BaseTransform):
    """Pad ``keypoint`` (M, T, V, C) (and ``keypoint_score``) with zero
    frames at the end up to ``length`` frames: the layout of the CTR-GCN /
    SGN arrays (300 frames, zero-padded), which ConMLP's encoder reads as
    they are. ``total_frames`` keeps the real length.

    Args:
        length: the frame count after padding (300).
        truncate: cut a longer sample to ``length`` frames; ``False``
            (default) raises, naming the sample's length.
    """

    def __init__(self, length: int = 300, truncate: bool = False):
        if int(length) < 1:
            raise ValueError(f'ZeroPadFrames: length must be >= 1, got '
                             f'{length}')
        self.length = int(length)
        self.truncate = truncate

    def _pad(self, arr: np.ndarray) -> np.ndarray:
        t = arr.shape[1]
        if t > self.length:
            return np.ascontiguousarray(arr[:, :self.length])
        width = [(0, 0)] * arr.ndim
        width[1] = (0, self.length - t)
        return np.pad(arr, width)

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__)
        if kp.shape[1] > self.length and not self.truncate:
            raise ValueError(
                f'ZeroPadFrames: sample {results.get("sample_name", "?")} has '
                f'{kp.shape[1]} frames, more than length={self.length}; '
                'raise length (and model.backbone.num_frames) or set '
                'truncate=True')
        results['keypoint'] = self._pad(kp)
        score = results.get('keypoint_score')
        if score is not None:
            results['keypoint_score'] = self._pad(score)
        return results

    def __repr__(self):
        return f'ZeroPadFrames(length={self.length})'
