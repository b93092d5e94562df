"""HiCLR's strong augmentations (Zhang et al., AAAI 2023; seed 001): the
batch- and model-level transforms of the strong set SA that per-sample
pipelines cannot express.

- :class:`JointMask` -- random joint mask: on every frame ``int(V * ratio)``
  random joints (all persons and channels) are replaced by a learnable
  scalar token; one mask for the whole batch (JHang2020/HiCLR
  ``processor/utils.py::Jointmask``, applied in ``forward_pretrain_wmask``
  after the stream is computed).
- :class:`EdgeAugment` and :func:`edge_augmentation` -- drop / add edges
  (DAE) of the ST-GCN adjacency, a fresh draw in every block
  (``net/st_gcn.py``: ``drop_graph2`` / ``drop_graph`` and ``randadd``).
- :func:`skeleton_adain` -- skeleton AdaIN: a sample's per-channel mean and
  standard deviation (over T*V, or per frame over V) replaced by another
  sample's (``net/skeletonAdaIN.py``).

Every draw comes from torch's global generator (seeded by mmengine).
Tensors are skelact's (N, M, T, V, C).
"""
from contextlib import contextmanager
from typing import Optional

import torch
import torch.nn as nn

__all__ = ['JointMask', 'EdgeAugment', 'edge_augmentation', 'skeleton_adain',
           'adain_with_rolled_batch']


class JointMask:
    """Random joint mask (SA's "Random Mask").

    Args:
        ratio: the fraction of joints masked on every frame, in (0, 1);
            ``int(V * ratio)`` joints per frame (0.1: 2 of NTU's 25).
    """

    def __init__(self, ratio: float = 0.1):
        if not isinstance(ratio, (int, float)) or not 0 < ratio < 1:
            raise ValueError(f'JointMask: ratio must be a number in (0, 1) '
                             f'(the fraction of joints masked per frame), '
                             f'got {ratio!r}')
        self.ratio = float(ratio)

    def num_masked(self, num_joints: int) -> int:
        n = int(num_joints * self.ratio)
        if n == 0:
            raise ValueError(
                f'JointMask: ratio {self.ratio} masks int({num_joints} * '
                f'{self.ratio}) = 0 of {num_joints} joints; use a ratio of at '
                f'least {1 / num_joints:.3g}')
        return n

    def sample(self, frames: int, num_joints: int,
               device=None) -> torch.Tensor:
        """A (T, V) float mask, 1 = kept, with :meth:`num_masked` zeros on
        every frame (the same for the whole batch)."""
        n = self.num_masked(num_joints)
        order = torch.rand(frames, num_joints, device=device).argsort(dim=1)
        mask = torch.ones(frames, num_joints, device=device)
        mask.scatter_(1, order[:, :n], 0.0)
        return mask

    def __call__(self, x: torch.Tensor, token: torch.Tensor,
                 mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Replace the masked entries of ``x`` (N, M, T, V, C) by ``token``
        (a scalar parameter, which receives their gradients)."""
        _, _, t, v, _ = x.shape
        if mask is None:
            mask = self.sample(t, v, device=x.device)
        keep = mask.to(x.dtype).view(1, 1, t, v, 1)
        return x * keep + (1 - keep) * token.to(x.dtype)


class EdgeAugment:
    """Drop / add edges (SA's "Drop/Add Edges") of an adjacency A (K, V, V).

    Drop: every entry is zeroed with probability ``r ~ U(0, drop_ratio)``;
    ``drop_scaling='sum'`` rescales the result to the sum of A (the
    authors' ``drop_graph2``), ``'dropout'`` keeps dropout's ``1 / (1 - r)``
    (their ``drop_graph``). Add: every absent edge appears (value 1) with
    probability ``r ~ U(0, add_ratio)``, then the whole is rescaled to the
    sum of A (their ``randadd``). Sums are over all K subsets.

    Args:
        drop_ratio: upper bound of the drop probability (the paper's 0.1;
            the released GCN config sets 0).
        add_ratio: upper bound of the add ratio (0.05; released: 0).
        drop_scaling: ``'sum'`` or ``'dropout'`` (see above).
    """

    def __init__(self, drop_ratio: float = 0.1, add_ratio: float = 0.05,
                 drop_scaling: str = 'sum'):
        for name, value in (('drop_ratio', drop_ratio),
                            ('add_ratio', add_ratio)):
            if not 0 <= value < 1:
                raise ValueError(f'EdgeAugment: {name} must be in [0, 1), '
                                 f'got {value!r}')
        if drop_scaling not in ('sum', 'dropout'):
            raise ValueError(f"EdgeAugment: drop_scaling must be 'sum' or "
                             f"'dropout', got {drop_scaling!r}")
        self.drop_ratio = drop_ratio
        self.add_ratio = add_ratio
        self.drop_scaling = drop_scaling

    def __call__(self, A: torch.Tensor) -> torch.Tensor:
        total = A.sum()
        out = A
        if self.drop_ratio > 0:
            r = float(torch.rand(())) * self.drop_ratio
            keep = (torch.rand_like(A) >= r).to(A.dtype)
            out = A * keep
            if self.drop_scaling == 'dropout':
                out = out / (1 - r)
            elif out.sum() > 0:
                out = out * (total / out.sum())
        if self.add_ratio > 0:
            r = float(torch.rand(())) * self.add_ratio
            new = ((torch.rand_like(A) < r) & (out == 0)).to(A.dtype)
            out = (out + new) * (total / (total + new.sum()))
        return out


@contextmanager
def edge_augmentation(backbone: nn.Module, augment: EdgeAugment):
    """Within the block, every ST-GCN block of ``backbone`` multiplies its
    edge importance into ``augment(backbone.A)`` (a fresh draw per block
    and call) instead of A. ``backbone`` needs ST-GCN's ``A`` and
    ``blocks`` (called as ``block(x, A)``)."""
    if not (hasattr(backbone, 'blocks') and
            isinstance(getattr(backbone, 'A', None), torch.Tensor)):
        raise ValueError(
            f'drop/add edges acts on a graph backbone (ST-GCN: an adjacency '
            f'`A` and `blocks`); {type(backbone).__name__} has none: remove '
            "'+dae' from the branches")
    importance = getattr(backbone, 'edge_importance', None)

    def hook_for(i):
        def hook(_module, args):
            A = augment(backbone.A)
            if importance is not None:
                A = A * importance[i]
            return (args[0], A) + tuple(args[2:])
        return hook

    handles = [block.register_forward_pre_hook(hook_for(i))
               for i, block in enumerate(backbone.blocks)]
    try:
        yield
    finally:
        for h in handles:
            h.remove()


def _mean_std(x: torch.Tensor, dims, eps: float):
    # unbiased variance plus eps, as the authors' calc_mean_std
    return x.mean(dim=dims, keepdim=True), \
        (x.var(dim=dims, keepdim=True) + eps).sqrt()


def skeleton_adain(content: torch.Tensor, style: torch.Tensor,
                   dim: str = 'TV', eps: float = 1e-5) -> torch.Tensor:
    """Skeleton AdaIN on (N, M, T, V, C): normalise each (sample, person,
    channel) of ``content`` by its own mean / std and give it ``style``'s
    -- over T*V (``dim='TV'``) or per frame over V (``dim='V'``)."""
    if dim not in ('TV', 'V'):
        raise ValueError(f"skeleton_adain: dim must be 'TV' or 'V', got "
                         f'{dim!r}')
    if content.shape != style.shape:
        raise ValueError(f'skeleton_adain: content {tuple(content.shape)} '
                         f'and style {tuple(style.shape)} differ')
    dims = (2, 3) if dim == 'TV' else (3,)
    c_mean, c_std = _mean_std(content, dims, eps)
    s_mean, s_std = _mean_std(style, dims, eps)
    return (content - c_mean) / c_std * s_std + s_mean


def adain_with_rolled_batch(x: torch.Tensor, dim: str = 'TV',
                            eps: float = 1e-5) -> torch.Tensor:
    """:func:`skeleton_adain` with the statistics of another sample of the
    batch: the batch rolled by a random shift in 1..N-1 (so no sample keeps
    its own). The authors' code leaves the choice of the style sample open
    (their AdaIN is never called); a batch of one is returned unchanged."""
    n = x.shape[0]
    if n < 2:
        return x
    shift = int(torch.randint(1, n, ()))
    return skeleton_adain(x, x.roll(shift, dims=0).detach(), dim, eps)
