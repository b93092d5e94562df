"""The contrastive augmentations on batches of tensors (any device).

Each class mirrors the per-sample transform of the same name in
:mod:`skelact.datasets.transforms` (same arguments, same distribution of
its random parameters and of its output, see the tests); here every
sample of a batch (N, M, T, V, C) draws its own parameters from one
``torch.Generator``, so a whole batch is a few tensor operations on the
GPU instead of N numpy calls in the loader workers.

=====================  =====================================================
per-sample transform   batched form
=====================  =====================================================
RandomTemporalCrop     gather of T frames of the symmetric-padded sequence
                       at a per-sample start (AimCLR's crop, no resize)
Shear                  per-sample 3 x 3 matrix, one batched matmul
SpatialFlip            per-sample coin, joint permutation
RandomRotate           per-sample main axis and angles, R_z R_y R_x
GaussianNoise          per-sample coin, i.i.d. noise
GaussianBlur           per-sample sigma and coin, 15-tap filter over frames
AxisMask               per-sample coin and axis
TemporalFlip           per-sample coin, frames reversed
=====================  =====================================================
"""
from typing import Sequence

import torch
import torch.nn.functional as F

from skelact.skeletons import get_layout

__all__ = ['BATCH_AUGMENTS', 'build_batch_augment', 'BatchCompose']


def _coin(n, p, g, device):
    """(N,) bool, True with probability ``p``."""
    return torch.rand(n, generator=g, device=device) < p


def _bcast(mask, x):
    return mask.view(-1, *([1] * (x.dim() - 1)))


def _linear(x, matrix):
    """Points ``p`` (first 3 channels) of sample n <- matrix[n] @ p."""
    k = min(3, x.shape[-1])
    n = x.shape[0]
    xyz = x[..., :k].reshape(n, -1, k)
    out = x.clone()
    out[..., :k] = torch.bmm(xyz, matrix[:, :k, :k].transpose(1, 2)) \
        .view(x[..., :k].shape)
    return out


class RandomTemporalCrop:
    def __init__(self, padding_ratio=6, padding_mode='symmetric'):
        if padding_mode != 'symmetric':
            raise ValueError('batched RandomTemporalCrop: only '
                             f"padding_mode='symmetric', got {padding_mode!r}")
        self.padding_ratio = int(padding_ratio)

    def __call__(self, x, g):
        n, t = x.shape[0], x.shape[2]
        if self.padding_ratio <= 0 or t // self.padding_ratio == 0:
            return x
        pad = t // self.padding_ratio
        idx = torch.arange(-pad, t + pad, device=x.device)
        # symmetric padding: frame -1 is frame 0, frame t is frame t - 1
        idx = torch.where(idx < 0, -idx - 1, idx)
        idx = torch.where(idx >= t, 2 * t - 1 - idx, idx)
        start = torch.randint(0, 2 * pad + 1, (n,), generator=g,
                              device=x.device)
        frames = idx[start[:, None] + torch.arange(t, device=x.device)]
        view = frames.view(n, 1, t, 1, 1).expand(
            n, x.shape[1], t, x.shape[3], x.shape[4])
        return torch.gather(x, 2, view)


class Shear:
    def __init__(self, amplitude=0.5, p=1.0, row_vectors=False,
                 record=False):
        self.amplitude, self.p, self.row_vectors = amplitude, p, row_vectors

    def __call__(self, x, g):
        if self.amplitude <= 0:
            return x
        n, r = x.shape[0], self.amplitude
        off = (torch.rand(n, 6, generator=g, device=x.device) * 2 - 1) * r
        s1, s2 = off[:, :3], off[:, 3:]
        ones = torch.ones(n, device=x.device)
        matrix = torch.stack([
            torch.stack([ones, s1[:, 0], s2[:, 0]], 1),
            torch.stack([s1[:, 1], ones, s2[:, 1]], 1),
            torch.stack([s1[:, 2], s2[:, 2], ones], 1)], 1)
        if self.row_vectors:
            matrix = matrix.transpose(1, 2)
        if self.p < 1:
            keep = ~_coin(n, self.p, g, x.device)
            eye = torch.eye(3, device=x.device).expand(n, 3, 3)
            matrix = torch.where(keep[:, None, None], eye, matrix)
        return _linear(x, matrix.to(x.dtype))


class SpatialFlip:
    def __init__(self, p=0.5, layout='nturgb+d', mirror_axis=None):
        self.p, self.mirror_axis = p, mirror_axis
        self.index = list(get_layout(layout).flip_index)

    def __call__(self, x, g):
        if x.shape[3] != len(self.index):
            raise ValueError(f'batched SpatialFlip: {x.shape[3]} joints, the '
                             f'layout has {len(self.index)}')
        flip = _coin(x.shape[0], self.p, g, x.device)
        flipped = x[:, :, :, self.index]
        if self.mirror_axis is not None:
            flipped[..., self.mirror_axis] *= -1
        return torch.where(_bcast(flip, x), flipped, x)


def rotation_matrices(axis: int, angle: torch.Tensor) -> torch.Tensor:
    """(N, 3, 3) matrices of
    :func:`skelact.datasets.transforms.spatial.rotation_matrix`."""
    c, s = torch.cos(angle), torch.sin(angle)
    o, z = torch.ones_like(c), torch.zeros_like(c)
    rows = {0: [[o, z, z], [z, c, s], [z, -s, c]],
            1: [[c, z, -s], [z, o, z], [s, z, c]],
            2: [[c, s, z], [-s, c, z], [z, z, o]]}[axis]
    return torch.stack([torch.stack(r, 1) for r in rows], 1)


class RandomRotate:
    def __init__(self, max_angle=30.0, minor_angle=1.0, p=1.0,
                 record=False):
        self.max_angle, self.minor_angle, self.p = max_angle, minor_angle, p

    def __call__(self, x, g):
        if x.shape[-1] < 3:
            raise ValueError('batched RandomRotate: needs C >= 3, got '
                             f'{x.shape[-1]}')
        n, dev = x.shape[0], x.device
        main = torch.randint(0, 3, (n,), generator=g, device=dev)
        u = torch.rand(n, 3, generator=g, device=dev, dtype=torch.float64)
        matrix = torch.eye(3, device=dev, dtype=torch.float64).expand(
            n, 3, 3)
        for axis in range(3):
            high = torch.where(main == axis, self.max_angle,
                               self.minor_angle).to(torch.float64)
            angle = torch.deg2rad(u[:, axis] * high)
            matrix = rotation_matrices(axis, angle) @ matrix
        if self.p < 1:
            keep = ~_coin(n, self.p, g, dev)
            matrix = torch.where(keep[:, None, None],
                                 torch.eye(3, device=dev,
                                           dtype=torch.float64), matrix)
        return _linear(x, matrix.to(x.dtype))


class GaussianNoise:
    def __init__(self, mean=0.0, std=0.01, p=0.5, mask_zeros=False):
        self.mean, self.std, self.p = mean, std, p
        self.mask_zeros = mask_zeros

    def __call__(self, x, g):
        on = _coin(x.shape[0], self.p, g, x.device)
        noise = torch.randn(x.shape, generator=g, device=x.device,
                            dtype=x.dtype) * self.std + self.mean
        if self.mask_zeros:
            noise = noise * (x != 0).any(-1, keepdim=True)
        return x + noise * _bcast(on, x)


class GaussianBlur:
    def __init__(self, kernel_size=15, sigma_range=(0.1, 2.0), p=0.5,
                 normalize=False, record=False):
        if kernel_size < 1 or kernel_size % 2 == 0:
            raise ValueError(f'batched GaussianBlur: kernel_size must be odd,'
                             f' got {kernel_size}')
        self.kernel_size, self.sigma_range = int(kernel_size), sigma_range
        self.p, self.normalize = p, normalize

    def __call__(self, x, g):
        n, dev = x.shape[0], x.device
        lo, hi = self.sigma_range
        sigma = lo + (hi - lo) * torch.rand(n, generator=g, device=dev,
                                            dtype=torch.float64)
        on = _coin(n, self.p, g, dev)
        r = self.kernel_size // 2
        k = torch.arange(-r, r + 1, device=dev, dtype=torch.float64)
        taps = torch.exp(-k ** 2 / (2 * sigma[:, None] ** 2))
        if self.normalize:
            taps = taps / taps.sum(1, keepdim=True)
        # the identity filter where the coin says no
        ident = (k == 0).to(taps.dtype).expand_as(taps)
        taps = torch.where(on[:, None], taps, ident).to(x.dtype)
        t = x.shape[2]
        padded = F.pad(x, (0, 0, 0, 0, r, r))
        out = torch.zeros_like(x)
        for j in range(self.kernel_size):
            out += taps[:, j].view(n, 1, 1, 1, 1) * padded[:, :, j:j + t]
        return out


class AxisMask:
    def __init__(self, p=0.5, axis=None, num_axes=3):
        self.p, self.axis, self.num_axes = p, axis, num_axes

    def __call__(self, x, g):
        n, dev = x.shape[0], x.device
        on = _coin(n, self.p, g, dev)
        axis = torch.randint(0, self.num_axes, (n,), generator=g,
                             device=dev) if self.axis is None else \
            torch.full((n,), int(self.axis), device=dev)
        channel = torch.arange(x.shape[-1], device=dev)
        zero = on[:, None] & (channel[None] == axis[:, None])  # (N, C)
        return x * ~zero.view(n, 1, 1, 1, -1)


class TemporalFlip:
    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, x, g):
        flip = _coin(x.shape[0], self.p, g, x.device)
        return torch.where(_bcast(flip, x), x.flip(2), x)


BATCH_AUGMENTS = {c.__name__: c for c in (
    RandomTemporalCrop, Shear, SpatialFlip, RandomRotate, GaussianNoise,
    GaussianBlur, AxisMask, TemporalFlip)}


class BatchCompose:
    """A pipeline of batched augmentations, applied in order."""

    def __init__(self, augments: Sequence):
        self.augments = list(augments)

    def __call__(self, x, g):
        for aug in self.augments:
            x = aug(x, g)
        return x


def build_batch_augment(pipeline: Sequence[dict], where: str = 'views'
                        ) -> BatchCompose:
    """The batched form of a per-sample pipeline (a list of transform
    configs of :data:`BATCH_AUGMENTS`)."""
    built = []
    for i, cfg in enumerate(pipeline):
        cfg = dict(cfg)
        name = cfg.pop('type', None)
        if name not in BATCH_AUGMENTS:
            raise ValueError(
                f'{where}[{i}]: {name!r} has no batched form (augment_on='
                f"'device'); expected one of {sorted(BATCH_AUGMENTS)}")
        try:
            built.append(BATCH_AUGMENTS[name](**cfg))
        except TypeError as e:
            raise ValueError(f'{where}[{i}] ({name}): {e}') from None
    return BatchCompose(built)

