"""Geometric transforms of 2D keypoints in image coordinates, the steps in
front of PoseConv3D's heatmaps (:class:`~.pose_target.GeneratePoseTarget`).

Semantics of pyskl (kennymckormick/pyskl,
``pyskl/datasets/pipelines/augmentations.py``; ``mmcv.rescale_size`` for
``Resize``): the same constants, the same order of random draws from numpy's
global state. One deviation: ``RandomResizedCrop`` draws the crop offset
from numpy (pyskl uses Python's ``random.randint``; same distribution).

Every transform reads ``keypoint`` (M, T, V, C >= 2; x, y in pixels) and
``img_shape`` (h, w), and updates both. pyskl's convention that a
coordinate equal to 0 marks a missing keypoint is kept where pyskl keeps it
(``PoseCompact``, ``Flip``).
"""
from typing import Optional, Sequence, Tuple, Union

import numpy as np

from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout
from .base import BaseTransform, get_keypoint

__all__ = ['PoseCompact', 'Resize', 'RandomResizedCrop', 'Flip',
           'img_shape_of', 'rescale_size']


def img_shape_of(results: dict, name: str) -> Tuple[int, int]:
    """``results['img_shape']`` as (h, w) ints, with an error naming the
    transform when it is missing or malformed."""
    shape = results.get('img_shape')
    if shape is None:
        raise KeyError(
            f'{name}: the record has no "img_shape" (h, w) of the image the '
            'keypoints are in (pyskl 2D annotations carry it; for 3D data '
            'project first, e.g. ProjectToImage)')
    try:
        h, w = (int(s) for s in shape)
    except (TypeError, ValueError):
        raise ValueError(f'{name}: "img_shape" must be (h, w), got '
                         f'{shape!r}') from None
    if h <= 0 or w <= 0:
        raise ValueError(f'{name}: "img_shape" must be positive, got '
                         f'{shape!r}')
    return h, w


def _keypoint(results, name):
    kp = get_keypoint(results, name, min_channels=2)
    return kp.astype(np.float32, copy=True)


@TRANSFORMS.register_module()
class PoseCompact(BaseTransform):
    """Crop the image to the box around every keypoint of the sample (all
    persons and frames), widened by ``padding`` and brought to ``hw_ratio``.

    pyskl's ``PoseCompact``: NaN coordinates become 0; coordinates equal to
    0 are ignored (and stay 0); nothing happens when the tight box is
    narrower or lower than ``threshold`` pixels; with ``allow_imgpad`` the
    box may extend beyond the image (pyskl's recipe: ``hw_ratio=1``,
    ``allow_imgpad=True``).

    Required keys: ``keypoint``, ``img_shape``. Modified: both; added
    ``crop_quadruple`` (x, y, w, h of the box relative to the image).
    """

    def __init__(self, padding: float = 0.25, threshold: float = 10,
                 hw_ratio: Union[None, float, Sequence[float]] = None,
                 allow_imgpad: bool = True):
        if padding < 0:
            raise ValueError(f'PoseCompact: padding must be >= 0, got '
                             f'{padding}')
        if hw_ratio is not None and not isinstance(hw_ratio, (list, tuple)):
            hw_ratio = (hw_ratio, hw_ratio)
        self.padding = padding
        self.threshold = threshold
        self.hw_ratio = None if hw_ratio is None else tuple(hw_ratio)
        self.allow_imgpad = allow_imgpad

    def transform(self, results):
        name = type(self).__name__
        h, w = img_shape_of(results, name)
        kp = _keypoint(results, name)
        kp[np.isnan(kp)] = 0.
        kx, ky = kp[..., 0], kp[..., 1]
        min_x = np.min(kx[kx != 0], initial=np.inf)
        min_y = np.min(ky[ky != 0], initial=np.inf)
        max_x = np.max(kx[kx != 0], initial=-np.inf)
        max_y = np.max(ky[ky != 0], initial=-np.inf)
        if max_x - min_x < self.threshold or max_y - min_y < self.threshold:
            results['keypoint'] = kp
            return results
        cx, cy = (max_x + min_x) / 2, (max_y + min_y) / 2
        half_w = (max_x - min_x) / 2 * (1 + self.padding)
        half_h = (max_y - min_y) / 2 * (1 + self.padding)
        if self.hw_ratio is not None:
            half_h = max(self.hw_ratio[0] * half_w, half_h)
            half_w = max(1 / self.hw_ratio[1] * half_h, half_w)
        x0, x1 = cx - half_w, cx + half_w
        y0, y1 = cy - half_h, cy + half_h
        if self.allow_imgpad:
            x0, y0, x1, y1 = int(x0), int(y0), int(x1), int(y1)
        else:
            x0, y0 = int(max(0, x0)), int(max(0, y0))
            x1, y1 = int(min(w, x1)), int(min(h, y1))
        kx[kx != 0] -= x0
        ky[ky != 0] -= y0
        results['keypoint'] = kp
        results['img_shape'] = (y1 - y0, x1 - x0)
        old = results.get('crop_quadruple', (0., 0., 1., 1.))
        new = (x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h)
        results['crop_quadruple'] = (old[0] + old[2] * new[0],
                                     old[1] + old[3] * new[1],
                                     old[2] * new[2], old[3] * new[3])
        return results


def rescale_size(w: int, h: int, scale) -> Tuple[int, int]:
    """``mmcv.rescale_size``: the (w, h) of an image scaled by a factor, or
    as large as possible within (long edge, short edge) keeping its
    ratio."""
    if isinstance(scale, (int, float)):
        factor = float(scale)
    else:
        factor = min(max(scale) / max(h, w), min(scale) / min(h, w))
    return int(w * factor + 0.5), int(h * factor + 0.5)


@TRANSFORMS.register_module()
class Resize(BaseTransform):
    """Rescale the image (hence the keypoints).

    pyskl's ``Resize``: ``scale`` is a factor (float) or a (w, h) tuple;
    with ``keep_ratio`` a tuple bounds (long edge, short edge), and
    ``(-1, 64)`` means "short edge 64"; without it the image becomes
    exactly (w, h) = ``scale``.

    Required keys: ``keypoint``, ``img_shape``. Modified: both; added
    ``scale_factor`` (x, y; accumulated).
    """

    def __init__(self, scale: Union[float, Sequence[int]],
                 keep_ratio: bool = True):
        if isinstance(scale, (int, float)) and not isinstance(scale, bool):
            if scale <= 0:
                raise ValueError(f'Resize: scale must be > 0, got {scale}')
            scale = float(scale)
        elif isinstance(scale, (list, tuple)) and len(scale) == 2:
            scale = tuple(scale)
            if keep_ratio and min(scale) == -1:
                scale = (np.inf, max(scale))
            elif min(scale) <= 0:
                raise ValueError(f'Resize: scale (w, h) must be positive, '
                                 f'got {scale}')
        else:
            raise ValueError(f'Resize: scale must be a float or (w, h), got '
                             f'{scale!r}')
        if not keep_ratio and not isinstance(scale, tuple):
            raise ValueError('Resize(keep_ratio=False): scale must be (w, h)')
        self.scale = scale
        self.keep_ratio = keep_ratio

    def transform(self, results):
        name = type(self).__name__
        h, w = img_shape_of(results, name)
        if self.keep_ratio:
            new_w, new_h = rescale_size(w, h, self.scale)
        else:
            new_w, new_h = (int(s) for s in self.scale)
        factor = np.array([new_w / w, new_h / h], np.float32)
        kp = _keypoint(results, name)
        kp[..., :2] *= factor
        results['keypoint'] = kp
        results['img_shape'] = (new_h, new_w)
        results['scale_factor'] = results.get(
            'scale_factor', np.ones(2, np.float32)) * factor
        return results


@TRANSFORMS.register_module()
class RandomResizedCrop(BaseTransform):
    """Crop a random box of ``area_range`` times the image area and an
    aspect ratio in ``aspect_ratio_range`` (pyskl's recipe: area 0.56-1).

    pyskl's draws: 10 candidate (log-uniform ratio, uniform area) boxes,
    sizes rounded; the first that fits is placed at a uniform offset; if
    none fits, the centred square of the short side.

    Required keys: ``keypoint``, ``img_shape``. Modified: both; added
    ``crop_bbox`` (x0, y0, x1, y1).
    """

    def __init__(self, area_range: Tuple[float, float] = (0.08, 1.0),
                 aspect_ratio_range: Tuple[float, float] = (3 / 4, 4 / 3),
                 max_attempts: int = 10):
        if not 0 < area_range[0] <= area_range[1] <= 1:
            raise ValueError(f'RandomResizedCrop: area_range must satisfy '
                             f'0 < low <= high <= 1, got {area_range}')
        if not 0 < aspect_ratio_range[0] <= aspect_ratio_range[1]:
            raise ValueError('RandomResizedCrop: aspect_ratio_range must '
                             f'be 0 < low <= high, got {aspect_ratio_range}')
        self.area_range = tuple(area_range)
        self.aspect_ratio_range = tuple(aspect_ratio_range)
        self.max_attempts = int(max_attempts)

    def crop_box(self, h: int, w: int):
        n = self.max_attempts
        lo, hi = self.aspect_ratio_range
        ratios = np.exp(np.random.uniform(np.log(lo), np.log(hi), size=n))
        areas = np.random.uniform(*self.area_range, size=n) * h * w
        cw = np.round(np.sqrt(areas * ratios)).astype(int)
        ch = np.round(np.sqrt(areas / ratios)).astype(int)
        for i in range(n):
            if ch[i] <= h and cw[i] <= w:
                x0 = np.random.randint(0, w - cw[i] + 1)
                y0 = np.random.randint(0, h - ch[i] + 1)
                return int(x0), int(y0), int(x0 + cw[i]), int(y0 + ch[i])
        size = min(h, w)
        x0, y0 = (w - size) // 2, (h - size) // 2
        return x0, y0, x0 + size, y0 + size

    def transform(self, results):
        name = type(self).__name__
        h, w = img_shape_of(results, name)
        x0, y0, x1, y1 = self.crop_box(h, w)
        kp = _keypoint(results, name)
        kp[..., :2] -= np.array([x0, y0], np.float32)
        results['keypoint'] = kp
        results['crop_bbox'] = np.array([x0, y0, x1, y1])
        results['img_shape'] = (y1 - y0, x1 - x0)
        return results


@TRANSFORMS.register_module()
class Flip(BaseTransform):
    """Mirror the image horizontally with probability ``flip_ratio`` and
    swap left and right keypoints (and their scores).

    The left/right pairs are the layout's (``skelact.skeletons``; for COCO
    they are pyskl's ``left_kp=[1, 3, ..., 15]``, ``right_kp=[2, ...,
    16]``), or ``left_kp`` / ``right_kp`` when given.

    Args:
        flip_ratio: probability (pyskl's recipe 0.5).
        layout: skeleton layout; one without flip pairs is refused.
        left_kp, right_kp: explicit pairs instead of the layout's.
        convention: ``'pyskl'``: x -> W - x (pyskl's ``Flip``), or
            ``'pixel'``: x -> W - 1 - x, the mirror of the pixel grid (what
            the heatmap mirror of ``GeneratePoseTarget(double=True)``
            does). Both leave x = 0 (missing) alone.

    Required keys: ``keypoint``, ``img_shape``; ``keypoint_score``
    optional. Modified: ``keypoint``, ``keypoint_score``; added ``flip``.
    """

    def __init__(self, flip_ratio: float = 0.5, layout: str = 'coco',
                 left_kp: Optional[Sequence[int]] = None,
                 right_kp: Optional[Sequence[int]] = None,
                 convention: str = 'pyskl'):
        if convention not in ('pyskl', 'pixel'):
            raise ValueError("Flip: convention must be 'pyskl' or 'pixel', "
                             f'got {convention!r}')
        lay = get_layout(layout)
        if (left_kp is None) != (right_kp is None):
            raise ValueError('Flip: give both left_kp and right_kp or '
                             'neither')
        if left_kp is None:
            if not lay.flip_pairs:
                raise ValueError(f'Flip: layout {lay.name!r} has no '
                                 'left/right pairs (flip_pairs); give '
                                 'left_kp and right_kp')
            order = list(lay.flip_index)
        else:
            if len(left_kp) != len(right_kp):
                raise ValueError('Flip: left_kp and right_kp differ in '
                                 'length')
            order = list(range(lay.num_joints))
            for a, b in zip(left_kp, right_kp):
                order[a], order[b] = b, a
        self.flip_ratio = flip_ratio
        self.layout = lay.name
        self.convention = convention
        self._order = np.asarray(order, np.int64)

    def transform(self, results):
        name = type(self).__name__
        _, w = img_shape_of(results, name)
        flip = bool(np.random.rand() < self.flip_ratio)
        results['flip'] = flip
        if not flip:
            return results
        kp = _keypoint(results, name)
        if kp.shape[2] != len(self._order):
            raise ValueError(f'{name}: "keypoint" has {kp.shape[2]} joints, '
                             f'layout {self.layout!r} has '
                             f'{len(self._order)}')
        kx = kp[..., 0]
        edge = w if self.convention == 'pyskl' else w - 1
        kx[kx != 0] = edge - kx[kx != 0]
        results['keypoint'] = kp[:, :, self._order]
        score = results.get('keypoint_score')
        if score is not None:
            results['keypoint_score'] = score[:, :, self._order]
        return results
