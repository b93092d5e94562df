"""HiCLR: gradual growing augmentations and the asymmetric hierarchical
loss (Zhang, Lin, Liu, AAAI 2023; seed 001) on SkeletonCLR's MoCo."""
from typing import List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from skelact.registry import MODELS
from .aimclr import nearest_neighbour_mask
from .hiclr_augment import (EdgeAugment, JointMask, adain_with_rolled_batch,
                            edge_augmentation)
from .skeletonclr import SkeletonCLR

__all__ = ['HiCLR', 'parse_branch', 'BASE_SETS', 'STRONG_AUGS']

# per-sample view pipelines (config: basic_aug / normal_aug); 'strong' is
# the released code's name (Feeder_triple) for the same set as 'normal'
BASE_SETS = {'basic': 'basic', 'normal': 'normal', 'strong': 'normal'}
# batch / model-level strong augmentations added on top of a base set
STRONG_AUGS = ('mask', 'dae', 'adain')
_ORDER = ('basic', 'normal')


def parse_branch(spec: Union[str, Sequence[str]],
                 where: str = 'branch') -> Tuple[str, frozenset]:
    """``'normal+dae+mask'`` (or ``['normal', 'dae', 'mask']``) ->
    ``('normal', {'dae', 'mask'})``: the base view set and the strong
    augmentations of one branch."""
    parts = spec.split('+') if isinstance(spec, str) else list(spec)
    parts = [str(p).strip() for p in parts]
    known = (f"a base set ({', '.join(BASE_SETS)}; 'strong' is the authors' "
             f"code's name for 'normal') followed by any of "
             f"{', '.join('+' + s for s in STRONG_AUGS)}")
    if not parts or parts[0] not in BASE_SETS:
        raise ValueError(f'HiCLR: {where} = {spec!r}: unknown augmentation '
                         f'set {parts[0] if parts else ""!r}; expected '
                         f'{known}')
    for p in parts[1:]:
        if p not in STRONG_AUGS:
            raise ValueError(f'HiCLR: {where} = {spec!r}: unknown '
                             f'augmentation set {p!r}; expected {known}')
    return BASE_SETS[parts[0]], frozenset(parts[1:])


@MODELS.register_module()
class HiCLR(SkeletonCLR):
    """HiCLR.

    k query branches on progressively stronger augmentation sets
    (``branches``, a list of set names: ``'basic'`` = BA (temporal crop,
    shear), ``'normal'`` = BA + NA (flip, rotate, noise, blur, axis mask),
    each optionally ``+mask`` (random joint mask with a learnable token),
    ``+dae`` (drop / add edges of the graph) and ``+adain`` (skeleton
    AdaIN with another sample's statistics)). The per-sample base sets come
    from the pipeline; the strong augmentations are applied here, after
    the stream is computed (as the authors' code masks its bone / motion
    input), AdaIN before the mask.

    ``inputs`` of the ``loss`` mode: ``[branch 0, key, branch 1, ...,
    branch k-1]``, each a view of its branch's base set (the authors'
    ``Feeder_triple``: ``[basic, basic, strong, strong]``); branch 0 and
    the key are basic views.

    Loss: ``L_info(z_0, k, queue) + L_h`` (:class:`HierarchicalKLLoss`:
    ``lambda_h sum_i D(sg(p(.|z_{i-1})) || p(.|z_i))``, every p a softmax
    over [k, queue] / tau). After ``mining_epoch`` (:class:`NNMSwitchHook`)
    the InfoNCE term counts the union of every branch's ``nnm_topk``
    nearest queue neighbours as positives (the code's NNM, as AimCLR).

    Args:
        branches: the k >= 2 branch set names (default: the released
            code's chain basic -> normal -> normal + mask).
        mask_ratio: joints masked per frame (0.1: 2 of 25).
        edge_augment: :class:`EdgeAugment` arguments (drop / add edges;
            only in branches with ``+dae``, only in training).
        adain_dim: ``'TV'`` or ``'V'`` (per-frame statistics).
        adain_eps: 1e-5.
        hierarchical_loss: config of the hierarchical loss.
        nnm_topk: k of NNM (1).
        mining_epoch: the NNM stage's epoch (:class:`NNMSwitchHook`);
            ``None`` keeps NNM off.
        key_encoder_init: ``'copy'`` (MoCo: the key encoder starts as a
            copy of the query encoder) or ``'independent'`` (the authors'
            ``weights_init`` over the whole model after building it: the
            ``init_cfg`` draws the key encoder on its own), as AimCLR's.
        **kwargs: see :class:`SkeletonCLR`.

    The mask token is the top-level parameter ``mask_token`` (the authors'
    ``mask_param``), trained with the query encoder.
    """

    def __init__(self, branches: Sequence = ('basic', 'normal',
                                             'normal+mask'),
                 mask_ratio: float = 0.1,
                 edge_augment: Optional[dict] = None,
                 adain_dim: str = 'TV', adain_eps: float = 1e-5,
                 hierarchical_loss: Optional[dict] = None,
                 nnm_topk: int = 1, mining_epoch: Optional[int] = 150,
                 key_encoder_init: str = 'copy', **kwargs):
        if isinstance(branches, str) or len(branches) < 2:
            raise ValueError(
                f'HiCLR: branches = {branches!r}: the hierarchical loss needs '
                'a list of at least 2 branch set names (k = 1, a single '
                "'basic' branch, is SkeletonCLR: "
                'configs/skeletonclr/stgcn_ntu60_xsub.py)')
        parsed = [parse_branch(b, f'branches[{i}]')
                  for i, b in enumerate(branches)]
        if parsed[0][0] != 'basic':
            raise ValueError(f'HiCLR: branches[0] = {branches[0]!r}: the '
                             "first branch is the key's basic set ('basic')")
        bases = [b for b, _ in parsed[1:]]
        if bases != sorted(bases, key=_ORDER.index):
            raise ValueError(f'HiCLR: branches = {list(branches)!r}: the base '
                             "sets must grow ('basic' branches before "
                             "'normal' ones)")
        if adain_dim not in ('TV', 'V'):
            raise ValueError(f"HiCLR: adain_dim must be 'TV' or 'V', got "
                             f'{adain_dim!r}')
        if key_encoder_init not in ('copy', 'independent'):
            raise ValueError(f"HiCLR: key_encoder_init must be 'copy' or "
                             f"'independent', got {key_encoder_init!r}")
        super().__init__(**kwargs)
        self.key_encoder_init = key_encoder_init
        self.branches = [str(b) for b in branches]
        self.branch_sets = parsed
        self.joint_mask = JointMask(mask_ratio)
        self.edge_augment = EdgeAugment(**(edge_augment or {}))
        self.adain_dim = adain_dim
        self.adain_eps = adain_eps
        self.hierarchical_loss = MODELS.build(
            hierarchical_loss or dict(type='HierarchicalKLLoss'))
        self.nnm_topk = nnm_topk
        self.mining_epoch = mining_epoch
        # the learnable scalar of the joint mask, a top-level parameter
        self.mask_token = nn.Parameter(torch.zeros(1))
        # training stage, saved with the checkpoint
        self.register_buffer('nnm_active', torch.tensor(False))

    # -- views ----------------------------------------------------------
    def view_sets(self) -> List[str]:
        """The base set of each expected input view, in order."""
        return [self.branch_sets[0][0], 'basic'] + \
            [b for b, _ in self.branch_sets[1:]]

    def pipeline_views(self) -> List[int]:
        """``num_views`` of the MultiView over ``[basic_aug,
        normal_aug]`` that makes :meth:`view_sets`."""
        sets = self.view_sets()
        return [sets.count('basic'), sets.count('normal')]

    # -- stage and hooks (as AimCLR) ------------------------------------
    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        state_dict.setdefault(prefix + 'nnm_active', torch.tensor(False))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def required_hooks(self) -> List[dict]:
        hooks = super().required_hooks()
        if self.mining_epoch is not None:
            hooks.append(dict(type='NNMSwitchHook'))
        return hooks

    def init_weights(self):
        """``init_cfg`` over the whole model (the mask token stays 0);
        with ``key_encoder_init='copy'`` the key encoder is then set to the
        query encoder."""
        if self.key_encoder_init == 'copy':
            return super().init_weights()
        return super(SkeletonCLR, self).init_weights()  # no copy

    def set_nnm(self, active: bool):
        self.nnm_active.fill_(bool(active))

    # -- branches -------------------------------------------------------
    def augment_input(self, x: torch.Tensor, augs) -> torch.Tensor:
        """Apply a branch's input-level strong augmentations (AdaIN, then
        the joint mask) to ``x`` (N, M, T, V, C)."""
        if 'adain' in augs:
            x = adain_with_rolled_batch(x, self.adain_dim, self.adain_eps)
        if 'mask' in augs:
            x = self.joint_mask(x, self.mask_token)
        return x

    def encode_branch(self, x: torch.Tensor, augs) -> torch.Tensor:
        """The query encoder's L2-normalised embedding of one branch; drop
        / add edges only in training and only where the branch asks."""
        x = self.augment_input(x, augs)
        if 'dae' in augs and self.training:
            with edge_augmentation(self.backbone, self.edge_augment):
                fmap = self.backbone(x)
        else:
            fmap = self.backbone(x)
        return F.normalize(self.projector(self.neck(fmap)), dim=1)

    def loss(self, inputs: List[torch.Tensor], data_samples=None) -> dict:
        expected = 1 + len(self.branch_sets)
        if len(inputs) != expected:
            raise ValueError(
                f'HiCLR expects {expected} views {self.view_sets()} for the '
                f'branches {self.branches}, got {len(inputs)}; the pipeline '
                'needs MultiView(transforms=[basic_aug, normal_aug], '
                f'num_views={self.pipeline_views()})')
        x_k = inputs[1]
        views = [inputs[0]] + list(inputs[2:])
        zs = [self.encode_branch(x, augs)
              for x, (_, augs) in zip(views, self.branch_sets)]
        k = self.encode_key(x_k)
        contrasts = [self.contrast(z, k) for z in zs]
        logits = [c[0] for c in contrasts]
        pos_mask = None
        if bool(self.nnm_active):
            with torch.no_grad():
                pos_mask = nearest_neighbour_mask(
                    [c[1] for c in contrasts], self.nnm_topk)
        self._pending_keys = k
        return dict(loss_info=self.loss_module(logits[0], pos_mask),
                    loss_hier=self.hierarchical_loss(logits))
