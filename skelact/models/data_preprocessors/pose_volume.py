"""PoseConv3D batches: clips flattened into the batch, and heatmap volumes
optionally generated on the device from the keypoints of the whole batch.

The on-device renderer computes pyskl's heatmaps (the rules of
:mod:`skelact.datasets.transforms.pose_target`) densely in torch: keypoint
Gaussians as the product of per-axis factors, limbs as the distance to the
segment on the whole image, both masked by pyskl's windows. It equals the
CPU transform to float rounding (tests/models/test_pose_volume.py).
"""
from typing import Optional, Sequence, Tuple

import torch

from skelact.datasets.transforms.pose_target import (
    EPS, PYSKL_LIMBS, _limbs_of, flip_channel_index)
from skelact.registry import MODELS
from skelact.skeletons import get_layout
from .volume import VolumeDataPreprocessor

__all__ = ['PoseVolumeDataPreprocessor', 'render_pose_heatmaps']


def _axis_mask(grid, lo, hi, sigma, size, window):
    """(..., P) mask of the pixels of pyskl's window [lo, hi] +- 3 sigma."""
    if window is None:
        return torch.ones_like(grid, dtype=torch.bool).expand(
            *lo.shape, grid.shape[-1])
    st = torch.clamp(torch.trunc(lo - 3 * sigma), min=0)
    ed = torch.clamp(torch.trunc(hi + 3 * sigma) + 1, max=size)
    return (grid >= st[..., None]) & (grid < ed[..., None])


def _gaussian_1d(grid, mu, sigma):
    return torch.exp(-(grid - mu[..., None]) ** 2 / 2 / sigma ** 2)


def _keypoint_maps(kp, value, h, w, sigma, window):
    """(..., J, 2), (..., J) -> (..., J, H, W) for one person."""
    gx = torch.arange(w, device=kp.device, dtype=kp.dtype)
    gy = torch.arange(h, device=kp.device, dtype=kp.dtype)
    x, y = kp[..., 0], kp[..., 1]
    fx = _gaussian_1d(gx, x, sigma) * _axis_mask(gx, x, x, sigma, w, window)
    fy = _gaussian_1d(gy, y, sigma) * _axis_mask(gy, y, y, sigma, h, window)
    fy = fy * (value * (value >= EPS))[..., None]
    return fy[..., :, None] * fx[..., None, :]


def _limb_map(a, b, va, vb, h, w, sigma, window):
    """One limb of one person: (..., 2) end points -> (..., H, W)."""
    gx = torch.arange(w, device=a.device, dtype=a.dtype)
    gy = torch.arange(h, device=a.device, dtype=a.dtype)
    coeff_v = torch.minimum(va, vb)
    lo, hi = torch.minimum(a, b), torch.maximum(a, b)
    mask = (_axis_mask(gy, lo[..., 1], hi[..., 1], sigma, h, window)[..., :,
                                                                      None] &
            _axis_mask(gx, lo[..., 0], hi[..., 0], sigma, w, window)[..., None,
                                                                      :])
    x, y = gx[None, :], gy[:, None]
    ax, ay = a[..., 0, None, None], a[..., 1, None, None]
    bx, by = b[..., 0, None, None], b[..., 1, None, None]
    d2a = (x - ax) ** 2 + (y - ay) ** 2
    d2b = (x - bx) ** 2 + (y - by) ** 2
    ab = ((a - b) ** 2).sum(-1)
    short = ab < 1
    abs_ = torch.where(short, torch.ones_like(ab), ab)[..., None, None]
    t = (d2a - d2b + abs_) / 2 / abs_
    d2l = (x - (ax + t * (bx - ax))) ** 2 + (y - (ay + t * (by - ay))) ** 2
    d2 = torch.where(t <= 0, d2a, torch.where(t >= 1, d2b, d2l))
    limb = torch.exp(-d2 / 2 / sigma ** 2) * mask
    point = _keypoint_maps(a[..., None, :], va[..., None], h, w, sigma,
                           window)[..., 0, :, :]
    out = torch.where(short[..., None, None], point, limb * coeff_v[...,
                                                                    None,
                                                                    None])
    return out * (coeff_v >= EPS)[..., None, None]


def render_pose_heatmaps(kp: torch.Tensor, value: torch.Tensor,
                         shape: Tuple[int, int], sigma: float = 0.6,
                         with_kp: bool = True, with_limb: bool = False,
                         limbs: Sequence[Tuple[int, int]] = PYSKL_LIMBS,
                         window: Optional[str] = 'pyskl') -> torch.Tensor:
    """Heatmaps (B, K, T, H, W) of keypoints (B, M, T, J, 2) with values
    (B, M, T, J), on their device; persons combined by the maximum."""
    h, w = int(shape[0]), int(shape[1])
    kp, value = kp.float(), value.float()
    chans = []
    if with_kp:
        heat = None
        for m in range(kp.shape[1]):
            one = _keypoint_maps(kp[:, m], value[:, m], h, w, sigma, window)
            heat = one if heat is None else torch.maximum(heat, one)
        chans.append(heat.transpose(1, 2))          # (B, J, T, H, W)
    if with_limb:
        maps = []
        for a, b in limbs:
            heat = None
            for m in range(kp.shape[1]):
                one = _limb_map(kp[:, m, :, a], kp[:, m, :, b],
                                value[:, m, :, a], value[:, m, :, b], h, w,
                                sigma, window)
                heat = one if heat is None else torch.maximum(heat, one)
            maps.append(heat)
        chans.append(torch.stack(maps, 1))
    return torch.cat(chans, 1)


@MODELS.register_module()
class PoseVolumeDataPreprocessor(VolumeDataPreprocessor):
    """Batches for PoseConv3D.

    Without ``generate``: samples are volumes (S, C, T, H, W) -- S clips /
    flips, from :class:`~skelact.datasets.transforms.PackVolumeInputs` --
    or single clips (C, T, H, W); the batch (N, S, C, T, H, W) is flattened
    to (N * S, C, T, H, W), sample-major, the layout ``I3DHead`` averages.

    With ``generate=dict(shape=(h, w), ...)``: samples are keypoints with
    scores (M, T, V, 3) (``PackSkeletonInputs(with_score=True)``; x, y in
    pixels of ``shape``, after the pipeline's crops and resizes); the
    heatmap volumes of the whole batch are made here, on the model's
    device. Keys: ``shape``, ``sigma`` (0.6), ``with_kp`` / ``with_limb``,
    ``limbs`` ('pyskl'), ``use_score`` (True), ``num_clips`` (clips
    concatenated in T; 1), ``double`` (False), ``merge`` (None / 'max' /
    'sum'), ``window`` ('pyskl'), ``layout`` ('coco').
    """

    sample_dims = 5
    batch_layout = '(N, S, C, T, H, W)'

    _GEN_KEYS = ('shape', 'sigma', 'with_kp', 'with_limb', 'limbs',
                 'use_score', 'num_clips', 'double', 'merge', 'window',
                 'layout')

    def __init__(self, generate: Optional[dict] = None, **kwargs):
        super().__init__(**kwargs)
        self.generate = None
        if generate is not None:
            unknown = set(generate) - set(self._GEN_KEYS)
            if unknown or 'shape' not in generate:
                raise ValueError(
                    f'PoseVolumeDataPreprocessor: generate needs "shape" and '
                    f'takes {self._GEN_KEYS}; got {sorted(generate)}')
            g = dict(sigma=0.6, with_kp=True, with_limb=False,
                     limbs='pyskl', use_score=True, num_clips=1,
                     double=False, merge=None, window='pyskl',
                     layout='coco')
            g.update(generate)
            if bool(g['with_kp']) == bool(g['with_limb']):
                raise ValueError('PoseVolumeDataPreprocessor: generate needs '
                                 'exactly one of with_kp and with_limb')
            g['limbs'] = _limbs_of(g['limbs'], g['layout'])
            g['num_joints'] = get_layout(g['layout']).num_joints
            if g['double']:
                g['flip'] = torch.as_tensor(flip_channel_index(
                    g['layout'], g['with_kp'], g['with_limb'], g['limbs']))
            self.generate = g

    def _render(self, batch: torch.Tensor) -> torch.Tensor:
        g = self.generate
        if batch.dim() != 5 or batch.shape[3] != g['num_joints'] or \
                batch.shape[4] < 3:
            raise ValueError(
                'PoseVolumeDataPreprocessor(generate=...): expected '
                f'keypoints with scores (N, M, T, {g["num_joints"]}, 3), '
                f'got {tuple(batch.shape)}; pack them with '
                'PackSkeletonInputs(with_score=True)')
        n, m, t = batch.shape[:3]
        s = int(g['num_clips'])
        if t % s:
            raise ValueError(f'PoseVolumeDataPreprocessor: {t} frames do '
                             f'not split into num_clips={s} clips')
        x = batch.reshape(n, m, s, t // s, *batch.shape[3:]).transpose(1, 2)
        x = x.reshape(n * s, m, t // s, *batch.shape[3:])
        value = x[..., 2] if g['use_score'] else torch.ones_like(x[..., 2])
        vol = render_pose_heatmaps(x[..., :2], value, g['shape'],
                                   g['sigma'], g['with_kp'], g['with_limb'],
                                   g['limbs'], g['window'])
        if g['double']:
            vol = vol.reshape(n, s, *vol.shape[1:])
            flipped = vol[:, :, g['flip'].to(vol.device)].flip(-1)
            vol = torch.cat([vol, flipped], 1).flatten(0, 1)
        if g['merge'] == 'max':
            vol = vol.amax(1, keepdim=True)
        elif g['merge'] == 'sum':
            vol = vol.sum(1, keepdim=True).clamp(max=1)
        return vol

    def stack(self, items) -> torch.Tensor:
        if isinstance(items, (list, tuple)) and len(items):
            items = [torch.as_tensor(x) for x in items]
            shapes = {tuple(x.shape) for x in items}
            if len(shapes) > 1:
                raise ValueError(
                    'PoseVolumeDataPreprocessor: samples of one batch have '
                    f'different shapes {sorted(shapes)}; give the pipeline '
                    'a fixed clip length, clip count and resize')
            batch = torch.stack(items)
        elif isinstance(items, torch.Tensor):
            batch = items
        else:
            raise ValueError('PoseVolumeDataPreprocessor: expected a batch '
                             f'or a list of samples, got '
                             f'{type(items).__name__}')
        batch = batch.float()
        if self.generate is not None:
            return self.process_batch(self._render(batch))
        if batch.dim() == 6:
            batch = batch.flatten(0, 1)
        if batch.dim() != 5:
            raise ValueError(
                'PoseVolumeDataPreprocessor: expected samples (S, C, T, H, '
                'W) or (C, T, H, W), got a batch of shape '
                f'{tuple(batch.shape)}')
        return self.process_batch(batch)
