"""Pseudo heatmaps of 2D keypoints: PoseConv3D's input volumes.

Values are pyskl's (kennymckormick/pyskl,
``pyskl/datasets/pipelines/heatmap_related.py``, ``GeneratePoseTarget``);
the computation is vectorised over persons, frames and keypoints instead of
pyskl's Python loops over frames, keypoints and persons (see
``benchmarks/bench_heatmaps.py`` for the speed).

pyskl's rules, reproduced here (``window='pyskl'``):

- a keypoint at ``(mu_x, mu_y)`` (pixels, pixel centres at integers) with
  value ``s`` (its ``keypoint_score`` when ``use_score``, else 1) draws
  ``s * exp(-((x - mu_x)^2 + (y - mu_y)^2) / (2 sigma^2))`` on the pixels
  ``x`` in ``[max(int(mu_x - 3 sigma), 0), min(int(mu_x + 3 sigma) + 1, W))``
  (``int`` truncates towards zero) and likewise in ``y``; nothing else
  (so a window spans at most ``int(6 sigma) + 2`` pixels per axis);
- a keypoint or limb whose value is below ``EPS = 1e-3`` is not drawn;
  a point outside the image draws only the part of its window inside it
  (a point up to ~3 sigma outside still touches the border pixels);
- the persons of a frame are combined by the maximum;
- a limb ``(a, b)`` draws ``min(s_a, s_b) * exp(-d^2 / (2 sigma^2))`` with
  ``d`` the distance to the segment ``ab`` on the pixels of the bounding
  box of ``a`` and ``b`` widened by 3 sigma (truncated like a keypoint's
  window); a limb shorter than one pixel (``|ab|^2 < 1``) draws the
  keypoint heatmap of ``a`` with ``s_a`` instead.

``window=None`` drops the windows (a full Gaussian over the image, values
below ``exp(-4.5) ~ 0.011`` beyond 3 sigma): then the heatmap of a mirrored
sample is exactly the mirrored heatmap, which pyskl's truncation only gives
up to ~0.011.
"""
from typing import Optional, Sequence, Tuple

import numpy as np

from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout
from .base import BaseTransform, get_keypoint
from .heatmap import img_shape_of

__all__ = ['EPS', 'PYSKL_LIMBS', 'GeneratePoseTarget', 'draw_keypoints', 'draw_limbs',
           'flip_channel_index', 'limb_flip_index', 'pose_heatmaps']

#: pyskl: keypoints and limbs with a value below it are not drawn
EPS = 1e-3

#: pyskl's COCO-17 limbs in the order of ``configs/posec3d/*/limb.py`` (the
#: channel order of its released limb checkpoints): skelact's COCO edges
#: (``skeletons.COCO``) plus the hip-hip limb (11, 12).
PYSKL_LIMBS = ((0, 5), (0, 6), (5, 7), (7, 9), (6, 8), (8, 10), (5, 11),
               (11, 13), (13, 15), (6, 12), (12, 14), (14, 16), (0, 1),
               (0, 2), (1, 3), (2, 4), (11, 12))


def _windows(lo, hi, sigma, size, window):
    """First pixel and end (exclusive) of the drawing window along one
    axis, for points / boxes spanning [lo, hi] (float32 arrays)."""
    if window is None:
        return np.zeros(lo.shape, np.int64), np.full(lo.shape, size, np.int64)
    st = np.maximum(np.trunc(lo - 3 * sigma), 0).astype(np.int64)
    ed = np.minimum(np.trunc(hi + 3 * sigma) + 1, size).astype(np.int64)
    return st, ed


def _check_window(window):
    if window not in ('pyskl', None):
        raise ValueError("heatmaps: window must be 'pyskl' or None, got "
                         f'{window!r}')


def _scatter_max(out_flat, offsets, values, mask):
    """``out[offsets] = max(out[offsets], values)`` where ``mask``; offsets
    of one call must be distinct (one person)."""
    off = offsets[mask]
    val = values[mask].astype(np.float32)
    out_flat[off] = np.maximum(out_flat[off], val)


def draw_keypoints(out: np.ndarray, kp: np.ndarray, value: np.ndarray,
                   sigma: float, frame_offset: np.ndarray,
                   channel_offset: np.ndarray, window: Optional[str] = 'pyskl'
                   ) -> np.ndarray:
    """Draw keypoint Gaussians into ``out`` (an ``(..., H, W)`` array),
    max-combined with what is there.

    Args:
        out: the output array (any leading layout); its last two axes are
            (H, W).
        kp: (M, T, J, 2) float32 keypoint coordinates (x, y) in pixels.
        value: (M, T, J) peak values (score or 1).
        frame_offset: (T,) int64 flat offset of frame t's (H, W) plane for
            channel 0; ``channel_offset``: (J,) the offset added per channel.
    """
    _check_window(window)
    h, w = out.shape[-2:]
    flat = out.reshape(-1)
    kp = np.asarray(kp, np.float32)
    value = np.asarray(value, np.float32)
    mu_x, mu_y = kp[..., 0], kp[..., 1]
    # a window spans at most int(6 sigma) + 2 pixels (module docstring)
    px, py = (w, h) if window is None else (int(6 * sigma) + 2,) * 2
    st_x, ed_x = _windows(mu_x, mu_x, sigma, w, window)
    st_y, ed_y = _windows(mu_y, mu_y, sigma, h, window)
    xs = st_x[..., None] + np.arange(px)          # (M, T, J, P)
    ys = st_y[..., None] + np.arange(py)
    dx2 = (xs.astype(np.float32) - mu_x[..., None]) ** 2
    dy2 = (ys.astype(np.float32) - mu_y[..., None]) ** 2
    # pyskl's exp(-(dx^2 + dy^2) / 2 / sigma^2) * value, in place
    patch = dx2[..., None, :] + dy2[..., :, None]
    np.negative(patch, out=patch)
    patch /= 2
    patch /= sigma ** 2
    np.exp(patch, out=patch)
    patch *= value[..., None, None]
    mask = ((ys < ed_y[..., None])[..., :, None] &
            (xs < ed_x[..., None])[..., None, :] &
            (value >= EPS)[..., None, None])
    base = (frame_offset[:, None] + channel_offset[None, :])  # (T, J)
    offsets = ((base[None, :, :, None] + ys * w)[..., :, None] +
               xs[..., None, :])
    for m in range(kp.shape[0]):
        _scatter_max(flat, offsets[m], patch[m], mask[m])
    return out


def draw_limbs(out: np.ndarray, kp: np.ndarray, value: np.ndarray,
               limbs: Sequence[Tuple[int, int]], sigma: float,
               window: Optional[str] = 'pyskl') -> np.ndarray:
    """Draw limb heatmaps into ``out``, a ``(S, len(limbs), L, H, W)`` array
    (or view): channel ``i`` = ``limbs[i]``, frame ``t`` of ``kp`` = clip
    ``t // L``, frame ``t % L``; max-combined with what is there.

    ``kp``: (M, T, J, 2) keypoints in pixels; ``value``: (M, T, J). One limb
    and one person at a time, vectorised over frames on the box that holds
    the person's windows of that limb in every frame. The distance to the
    segment ``ab`` is computed from the clipped projection
    ``t = clip(((p - a) . (b - a)) / |b - a|^2, 0, 1)``, which equals
    pyskl's three cases (before ``a``, past ``b``, beside the segment);
    separable in x and y, so most terms are one row or one column.
    """
    _check_window(window)
    h, w = out.shape[-2:]
    kp = np.asarray(kp, np.float32)
    value = np.asarray(value, np.float32)
    for i, (a, b) in enumerate(limbs):
        start, end = kp[:, :, a], kp[:, :, b]                # (M, T, 2)
        va, vb = value[:, :, a], value[:, :, b]
        d = end - start
        ab = d[..., 0] ** 2 + d[..., 1] ** 2
        # pyskl: a limb shorter than one pixel draws the keypoint heatmap
        # of its start point with the start's value (d = 0 does that here)
        short = ab < 1
        lo = np.where(short[..., None], start, np.minimum(start, end))
        hi = np.where(short[..., None], start, np.maximum(start, end))
        st_x, ed_x = _windows(lo[..., 0], hi[..., 0], sigma, w, window)
        st_y, ed_y = _windows(lo[..., 1], hi[..., 1], sigma, h, window)
        limb = dict(start=start, d=np.where(short[..., None], 0, d),
                    ab=np.where(short, 1, ab),
                    value=np.where(short, va, np.minimum(va, vb)),
                    st_x=st_x, ed_x=ed_x, st_y=st_y, ed_y=ed_y)
        drawn = (np.minimum(va, vb) >= EPS) & (ed_x > st_x) & (ed_y > st_y)
        for m in range(kp.shape[0]):
            if drawn[m].any():
                _draw_limb(out[:, i], {k: v[m] for k, v in limb.items()},
                           drawn[m], sigma)
    return out


def _draw_limb(planes, limb, drawn, sigma):
    """One person's limb over its frames (arrays of (T, ...) in ``limb``)
    into ``planes`` (S, L, H, W)."""
    st_x, ed_x, st_y, ed_y = (limb[k] for k in ('st_x', 'ed_x', 'st_y',
                                                'ed_y'))
    x0, x1 = int(st_x[drawn].min()), int(ed_x[drawn].max())
    y0, y1 = int(st_y[drawn].min()), int(ed_y[drawn].max())
    xs, ys = np.arange(x0, x1), np.arange(y0, y1)
    col = lambda a: a[:, None, None]  # noqa: E731  (T,) -> (T, 1, 1)
    dx, dy = col(limb['d'][:, 0]), col(limb['d'][:, 1])
    u = xs.astype(np.float32) - col(limb['start'][:, 0])         # (T, 1, X)
    v = ys.astype(np.float32)[:, None] - col(limb['start'][:, 1])  # (T, Y, 1)
    ab = col(limb['ab'])
    t = u * (dx / ab) + v * (dy / ab)                          # (T, Y, X)
    np.clip(t, 0, 1, out=t)
    rx = u - t * dx
    ry = v - t * dy
    rx *= rx
    ry *= ry
    rx += ry                                                   # d^2
    rx *= np.float32(-0.5 / sigma ** 2)
    np.exp(rx, out=rx)
    rx *= col(np.where(drawn, limb['value'], 0))
    rx *= (((xs >= st_x[:, None]) & (xs < ed_x[:, None]))[:, None, :] &
           ((ys >= st_y[:, None]) & (ys < ed_y[:, None]))[:, :, None])
    clip_len = planes.shape[1]
    for c in range(planes.shape[0]):
        region = planes[c, :, y0:y1, x0:x1]
        np.maximum(region, rx[c * clip_len:(c + 1) * clip_len], out=region)


def pose_heatmaps(kp: np.ndarray, value: np.ndarray, shape: Tuple[int, int],
                  sigma: float = 0.6, with_kp: bool = True,
                  with_limb: bool = False,
                  limbs: Sequence[Tuple[int, int]] = PYSKL_LIMBS,
                  num_clips: int = 1, window: Optional[str] = 'pyskl'
                  ) -> np.ndarray:
    """Heatmap volumes (num_clips, K, L, H, W) of keypoints (M, T, J, 2)
    with values (M, T, J), T = num_clips * L (clips concatenated in time):
    K = J keypoint channels when ``with_kp``, then ``len(limbs)`` limb
    channels when ``with_limb``."""
    kp = np.asarray(kp, np.float32)
    m, t, j = kp.shape[:3]
    if t % num_clips:
        raise ValueError(f'heatmaps: {t} frames do not split into '
                         f'{num_clips} clips')
    h, w = int(shape[0]), int(shape[1])
    clip_len = t // num_clips
    k = (j if with_kp else 0) + (len(limbs) if with_limb else 0)
    out = np.zeros((num_clips, k, clip_len, h, w), np.float32)
    hw = h * w
    frames = np.arange(t)
    frame_offset = ((frames // clip_len) * k * clip_len +
                    frames % clip_len) * hw
    chan = np.arange(k, dtype=np.int64) * clip_len * hw
    if with_kp:
        draw_keypoints(out, kp[..., :2], value, sigma, frame_offset,
                       chan[:j], window)
    if with_limb:
        draw_limbs(out[:, k - len(limbs):], kp[..., :2], value, limbs, sigma,
                   window)
    return out


def limb_flip_index(limbs: Sequence[Tuple[int, int]], layout='coco'):
    """Channel permutation of limb heatmaps under a left/right mirror: limb
    ``i`` goes to the limb joining the mirrored joints (from the layout's
    flip pairs)."""
    lay = get_layout(layout)
    flip = lay.flip_index
    pos = {frozenset(limb): i for i, limb in enumerate(limbs)}
    index = []
    for a, b in limbs:
        key = frozenset((flip[a], flip[b]))
        if key not in pos:
            raise ValueError(f'limbs: the mirror ({flip[a]}, {flip[b]}) of '
                             f'limb ({a}, {b}) is not a limb (layout '
                             f'{lay.name!r})')
        index.append(pos[key])
    return np.asarray(index, np.int64)


def flip_channel_index(layout='coco', with_kp=True, with_limb=False,
                       limbs=PYSKL_LIMBS) -> np.ndarray:
    """Channel permutation of a heatmap volume under a mirror."""
    lay = get_layout(layout)
    if not lay.flip_pairs:
        raise ValueError(f'flip: layout {lay.name!r} has no left/right '
                         'pairs (flip_pairs) to swap')
    parts = []
    if with_kp:
        parts.append(np.asarray(lay.flip_index, np.int64))
    if with_limb:
        off = sum(len(p) for p in parts)
        parts.append(limb_flip_index(limbs, lay) + off)
    return np.concatenate(parts)


def _limbs_of(limbs, layout):
    if limbs == 'pyskl':
        return PYSKL_LIMBS
    if limbs == 'layout':
        return tuple(get_layout(layout).edges)
    return tuple((int(a), int(b)) for a, b in limbs)


@TRANSFORMS.register_module()
class GeneratePoseTarget(BaseTransform):
    """Keypoint or limb heatmap volumes from 2D keypoints (pyskl's
    ``GeneratePoseTarget`` + ``FormatShape('NCTHW_Heatmap')``).

    Required keys: ``keypoint`` (M, T, V, 2+) in pixels of ``img_shape``
    (h, w); ``keypoint_score`` (M, T, V) when ``use_score``; ``num_clips``
    (default 1; T = num_clips * clip length, as
    :class:`UniformSampleFrames` leaves it). Added: ``imgs`` float32
    (S, K, L, H, W) -- S = num_clips (x2 with ``double``: the flipped
    copies after the originals, pyskl's order), K channels, L frames.

    Args:
        sigma: Gaussian sigma in pixels (pyskl 0.6).
        use_score: peak value = ``keypoint_score`` (pyskl True); else 1.
        with_kp / with_limb: keypoint (K = V) or limb (K = number of limbs)
            heatmaps; exactly one, as in pyskl.
        limbs: ``'pyskl'`` (:data:`PYSKL_LIMBS`, the order of pyskl's limb
            configs), ``'layout'`` (the layout's edges) or a list of pairs.
        layout: skeleton layout, for the joint count and the flip pairs.
        double: also output the mirrored volumes with left/right channels
            swapped (pyskl's flip test; pixel ``x`` -> ``W - 1 - x``).
        merge: ``None`` (K channels), ``'max'`` or ``'sum'`` (one channel:
            the channel-wise maximum, or the sum clipped to [0, 1]) -- the
            seed's grayscale input.
        window: ``'pyskl'`` or ``None`` (see the module docstring).
        scaling: pyskl's ``scaling`` of image size and coordinates.
    """

    def __init__(self, sigma: float = 0.6, use_score: bool = True,
                 with_kp: bool = True, with_limb: bool = False,
                 limbs='pyskl', layout: str = 'coco', double: bool = False,
                 merge: Optional[str] = None,
                 window: Optional[str] = 'pyskl', scaling: float = 1.):
        if bool(with_kp) == bool(with_limb):
            raise ValueError('GeneratePoseTarget: set exactly one of '
                             f'with_kp ({with_kp}) and with_limb '
                             f'({with_limb}), as pyskl does')
        if merge not in (None, 'max', 'sum'):
            raise ValueError("GeneratePoseTarget: merge must be None, 'max' "
                             f"or 'sum', got {merge!r}")
        _check_window(window)
        if sigma <= 0:
            raise ValueError(f'GeneratePoseTarget: sigma must be > 0, got '
                             f'{sigma}')
        self.sigma = float(sigma)
        self.use_score = use_score
        self.with_kp = with_kp
        self.with_limb = with_limb
        self.layout = get_layout(layout).name
        self.limbs = _limbs_of(limbs, layout)
        self.double = double
        self.merge = merge
        self.window = window
        self.scaling = float(scaling)
        self._flip = (flip_channel_index(layout, with_kp, with_limb,
                                          self.limbs) if double else None)

    def transform(self, results):
        name = type(self).__name__
        kp = get_keypoint(results, name, min_channels=2)
        nj = get_layout(self.layout).num_joints
        if kp.shape[2] != nj:
            raise ValueError(f'{name}: "keypoint" has {kp.shape[2]} joints, '
                             f'layout {self.layout!r} has {nj}')
        shape = img_shape_of(results, name)
        score = results.get('keypoint_score')
        if self.use_score:
            if score is None:
                raise KeyError(f'{name}(use_score=True): the record has no '
                               '"keypoint_score"; give scores or set '
                               'use_score=False')
            value = np.asarray(score, np.float32)
        else:
            value = np.ones(kp.shape[:3], np.float32)
        coords = kp[..., :2].astype(np.float32)
        if self.scaling != 1:
            shape = tuple(int(s * self.scaling + 0.5) for s in shape)
            coords = coords * np.float32(self.scaling)
        imgs = pose_heatmaps(coords, value, shape, self.sigma, self.with_kp,
                             self.with_limb, self.limbs,
                             int(results.get('num_clips', 1)), self.window)
        if self.double:
            flipped = imgs[:, self._flip, :, :, ::-1]
            imgs = np.concatenate([imgs, flipped])
        if self.merge == 'max':
            imgs = imgs.max(axis=1, keepdims=True)
        elif self.merge == 'sum':
            imgs = np.minimum(imgs.sum(axis=1, keepdims=True), 1)
        results['imgs'] = imgs
        return results
