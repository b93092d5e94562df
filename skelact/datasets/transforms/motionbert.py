"""MotionBERT's preprocessing of 2D action data.

Facts from Walter0807/MotionBERT (``lib/data/dataset_action.py``,
``lib/utils/utils_data.py``), applied there in this order to pyskl's 2D
HRNet annotations (COCO keypoints (M, T, 17, 2), ``keypoint_score``,
``img_shape``):

1. ``make_cam`` (:class:`NormalizeByImageSize`): ``x / w * 2 - 1`` for both
   coordinates if ``w >= h``, else ``x / h * 2 - 1`` (the longer image side
   maps to [-1, 1], the aspect ratio is kept; absent (0, 0) joints become
   (-1, -1)).
2. ``human_tracking`` (:class:`HumanTracking`): for two persons, swap them
   in the frames after each point where person 0's motion ``sum_v ||x0[t+1]
   - x0[t]||`` exceeds the jump ``sum_v ||x0[t+1] - x1[t]||`` (a running
   parity of such events, computed on the input, not the re-tracked
   sequence). MotionBERT swaps the coordinates only, not the scores.
3. ``coco2h36m`` (:class:`~.layout.ConvertLayout`), then the confidence is
   appended as the third channel -- unconverted (see layout.py).
4. ``resample`` (:class:`ResampleFrames`) to 243 frames: test: ``linspace(0,
   n, 243, endpoint=False)`` floored; train, ``n >= 243``: each of the
   evenly spaced positions plus a uniform offset within its interval,
   floored; ``n < 243``: each position rounded down or up at random (then
   sorted). MotionBERT draws the training indices once, when the dataset
   is built; here they are drawn per sample, per epoch.
5. a single person gets a zero second person (:class:`ZeroPadPersons`).
6. per item, training only: ``random_move`` (:class:`RandomMove`): one
   rotation angle in [-10, 10] degrees, scale in [0.9, 1.1] and x/y shifts
   in [-0.1, 0.1] drawn at the first and last frame and interpolated
   linearly over time (``move_time_candidate=[1]``); applied to the x, y
   channels of every joint, absent ones included.
7. ``crop_scale`` (:class:`CropScale`): the box of joints with confidence
   != 0 (all persons and frames); ``scale = max(width, height) * r``, ``r``
   uniform in ``scale_range`` (train [1, 3], test [2, 2]); coordinates map
   to ``((x - (xmin + xmax - scale) / 2) / scale - 0.5) * 2`` and all
   channels are clipped to [-1, 1]; fewer than 4 valid joints or a zero
   scale give an all-zero sample (scores included).

The confidence is read from ``keypoint_score`` (M, T, V) when present,
else from the third channel of ``keypoint``. Randomness comes from numpy's
global state (MotionBERT's ``random_move`` uses Python's ``random`` for the
move-time choice; here numpy draws it).
"""
from typing import Sequence

import numpy as np

from skelact.registry import TRANSFORMS
from .base import BaseTransform, get_keypoint
from .temporal import take_frames

__all__ = ['NormalizeByImageSize', 'HumanTracking', 'ResampleFrames',
           'ZeroPadPersons', 'RandomMove', 'CropScale',
           'motionbert_resample_indices']


def _confidence(results, kp, name):
    score = results.get('keypoint_score')
    if score is not None:
        return score
    if kp.shape[-1] >= 3:
        return kp[..., 2]
    raise KeyError(f'{name}: needs a confidence: "keypoint_score" or a third '
                   f'channel of "keypoint" (got C={kp.shape[-1]})')


@TRANSFORMS.register_module()
class NormalizeByImageSize(BaseTransform):
    """MotionBERT's ``make_cam``: x and y to [-1, 1] by the longer side of
    ``img_shape`` (height, width). Other channels are left alone."""

    def transform(self, results):
        kp = get_keypoint(results, 'NormalizeByImageSize', 2)
        if 'img_shape' not in results:
            raise KeyError('NormalizeByImageSize: results have no '
                           '"img_shape" (height, width)')
        h, w = results['img_shape'][:2]
        side = float(max(h, w))
        if side <= 0:
            raise ValueError(f'NormalizeByImageSize: bad img_shape '
                             f'{results["img_shape"]}')
        out = kp.copy()
        out[..., :2] = kp[..., :2] / side * 2 - 1
        results['keypoint'] = out
        return results


@TRANSFORMS.register_module()
class HumanTracking(BaseTransform):
    """MotionBERT's two-person slot tracking (see the module docstring).

    Args:
        with_score: swap ``keypoint_score`` with the coordinates (True);
            False reproduces MotionBERT, which leaves the scores in place.
    """

    def __init__(self, with_score: bool = True):
        self.with_score = with_score

    @staticmethod
    def swap_mask(kp: np.ndarray) -> np.ndarray:
        """(T,) bool: frames whose persons 0 and 1 are exchanged."""
        xy = kp[:2, ..., :2].astype(np.float64)
        diff0 = np.linalg.norm(xy[0, 1:] - xy[0, :-1], axis=-1).sum(-1)
        diff1 = np.linalg.norm(xy[0, 1:] - xy[1, :-1], axis=-1).sum(-1)
        sel = np.cumsum(diff0 > diff1) % 2 == 1
        return np.concatenate([[False], sel])

    def transform(self, results):
        kp = get_keypoint(results, 'HumanTracking', 2)
        if kp.shape[0] < 2 or kp.shape[1] < 2:
            return results
        swap = self.swap_mask(kp)
        keys = ['keypoint']
        if self.with_score and results.get('keypoint_score') is not None:
            keys.append('keypoint_score')
        for key in keys:
            x = results[key].copy()
            x[0, swap], x[1, swap] = results[key][1, swap], \
                results[key][0, swap]
            results[key] = x
        return results


def motionbert_resample_indices(ori_len: int, target_len: int,
                                randomness: bool = True,
                                replay: bool = False) -> np.ndarray:
    """MotionBERT's ``resample`` (``lib/utils/utils_data.py``) drawing
    from numpy's global state."""
    if ori_len < 1:
        raise ValueError('ResampleFrames: the sample has no frames')
    if replay:
        if ori_len > target_len:
            st = np.random.randint(ori_len - target_len)
            return np.arange(st, st + target_len)
        return np.arange(target_len) % ori_len
    if not randomness:
        return np.linspace(0, ori_len, num=target_len, endpoint=False,
                           dtype=int)
    even = np.linspace(0, ori_len, num=target_len, endpoint=False)
    if ori_len < target_len:
        low, high = np.floor(even), np.ceil(even)
        sel = np.random.randint(2, size=even.shape)
        result = np.sort(sel * low + (1 - sel) * high)
    else:
        interval = ori_len / target_len
        result = np.random.random(even.shape) * interval + even
    return np.clip(result, 0, ori_len - 1).astype(np.int64)


@TRANSFORMS.register_module()
class ResampleFrames(BaseTransform):
    """Resample to a fixed length with MotionBERT's ``resample``.

    Args:
        clip_len: target length (MotionBERT: 243).
        test_mode: deterministic ``linspace`` sampling.
        replay: MotionBERT's other mode: a random crop of a long sequence,
            a looped short one.
    """

    def __init__(self, clip_len: int = 243, test_mode: bool = False,
                 replay: bool = False):
        if clip_len < 1:
            raise ValueError(f'ResampleFrames: clip_len must be >= 1, got '
                             f'{clip_len}')
        self.clip_len = int(clip_len)
        self.test_mode = test_mode
        self.replay = replay

    def transform(self, results):
        kp = get_keypoint(results, 'ResampleFrames', 2)
        n = min(int(results.get('total_frames', kp.shape[1])), kp.shape[1])
        inds = motionbert_resample_indices(
            n, self.clip_len, randomness=not self.test_mode,
            replay=self.replay)
        return take_frames(results, inds)


@TRANSFORMS.register_module()
class ZeroPadPersons(BaseTransform):
    """Pad ``keypoint`` (and ``keypoint_score``) with all-zero persons up
    to ``num_persons`` (MotionBERT: a fake zero second person); more
    persons are kept as they are."""

    def __init__(self, num_persons: int = 2):
        self.num_persons = int(num_persons)

    def transform(self, results):
        kp = get_keypoint(results, 'ZeroPadPersons', 2)
        pad = self.num_persons - kp.shape[0]
        if pad <= 0:
            return results
        results['keypoint'] = np.concatenate(
            [kp, np.zeros((pad,) + kp.shape[1:], kp.dtype)], axis=0)
        score = results.get('keypoint_score')
        if score is not None:
            results['keypoint_score'] = np.concatenate(
                [score, np.zeros((pad,) + score.shape[1:], score.dtype)],
                axis=0)
        return results


@TRANSFORMS.register_module()
class RandomMove(BaseTransform):
    """MotionBERT's ``random_move`` on the x, y channels (module
    docstring). Angles in degrees; ``move_time_candidate``: numbers of
    linear segments to choose from."""

    def __init__(self, angle_range: Sequence[float] = (-10.0, 10.0),
                 scale_range: Sequence[float] = (0.9, 1.1),
                 transform_range: Sequence[float] = (-0.1, 0.1),
                 move_time_candidate: Sequence[int] = (1,)):
        self.angle_range = tuple(angle_range)
        self.scale_range = tuple(scale_range)
        self.transform_range = tuple(transform_range)
        self.move_time_candidate = tuple(move_time_candidate)

    def transform(self, results):
        kp = get_keypoint(results, 'RandomMove', 2)
        t = kp.shape[1]
        move_time = self.move_time_candidate[
            np.random.randint(len(self.move_time_candidate))]
        node = np.arange(0, t, t * 1.0 / move_time).round().astype(int)
        node = np.append(node, t)
        k = len(node)
        a_n = np.random.uniform(*self.angle_range, k)
        s_n = np.random.uniform(*self.scale_range, k)
        tx_n = np.random.uniform(*self.transform_range, k)
        ty_n = np.random.uniform(*self.transform_range, k)
        a, s, tx, ty = (np.zeros(t) for _ in range(4))
        for i in range(k - 1):
            seg = slice(node[i], node[i + 1])
            num = node[i + 1] - node[i]
            a[seg] = np.linspace(a_n[i], a_n[i + 1], num) * np.pi / 180
            s[seg] = np.linspace(s_n[i], s_n[i + 1], num)
            tx[seg] = np.linspace(tx_n[i], tx_n[i + 1], num)
            ty[seg] = np.linspace(ty_n[i], ty_n[i + 1], num)
        cos, sin = np.cos(a) * s, np.sin(a) * s
        theta = np.stack([np.stack([cos, -sin], -1),
                          np.stack([sin, cos], -1)], -2)  # (T, 2, 2)
        xy = kp[..., :2].astype(np.float64)
        new = np.einsum('tij,mtvj->mtvi', theta, xy)
        new[..., 0] += tx[None, :, None]
        new[..., 1] += ty[None, :, None]
        out = kp.copy()
        out[..., :2] = new
        results['keypoint'] = out
        return results


@TRANSFORMS.register_module()
class CropScale(BaseTransform):
    """MotionBERT's ``crop_scale`` (module docstring).

    Args:
        scale_range: range of the box enlargement ratio (MotionBERT NTU:
            train (1, 3), test (2, 2); a ratio is drawn in either case).
    """

    def __init__(self, scale_range: Sequence[float] = (1.0, 1.0)):
        self.scale_range = tuple(scale_range)

    @staticmethod
    def _zero(results, kp):
        results['keypoint'] = np.zeros_like(kp)
        if results.get('keypoint_score') is not None:
            results['keypoint_score'] = np.zeros_like(
                results['keypoint_score'])
        return results

    def transform(self, results):
        kp = get_keypoint(results, 'CropScale', 2)
        conf = _confidence(results, kp, 'CropScale')
        valid = kp[..., :2][conf != 0]
        if len(valid) < 4:
            return self._zero(results, kp)
        xmin, ymin = valid.min(axis=0)
        xmax, ymax = valid.max(axis=0)
        ratio = np.random.uniform(self.scale_range[0], self.scale_range[1],
                                  size=1)[0]
        scale = max(xmax - xmin, ymax - ymin) * ratio
        if scale == 0:
            return self._zero(results, kp)
        origin = np.array([(xmin + xmax - scale) / 2,
                           (ymin + ymax - scale) / 2])
        out = kp.astype(np.float64)
        out[..., :2] = ((out[..., :2] - origin) / scale - 0.5) * 2
        results['keypoint'] = np.clip(out, -1, 1).astype(kp.dtype)
        score = results.get('keypoint_score')
        if score is not None:
            results['keypoint_score'] = np.clip(score, -1, 1)
        return results
