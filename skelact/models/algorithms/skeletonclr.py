"""SkeletonCLR: MoCo v2 for skeletons (Li et al., CrosSCLR, CVPR 2021)."""
import copy
from typing import List, Optional

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModel

from skelact.models.data_preprocessors.base import build_data_preprocessor
from skelact.registry import MODELS

__all__ = ['SkeletonCLR', 'gather_keys']


def gather_keys(keys: torch.Tensor) -> torch.Tensor:
    """Concatenate ``keys`` of every rank (in rank order); identity when not
    distributed. Every rank then enqueues the same global batch."""
    if not (dist.is_available() and dist.is_initialized()) or \
            dist.get_world_size() == 1:
        return keys
    out = [torch.empty_like(keys) for _ in range(dist.get_world_size())]
    dist.all_gather(out, keys.contiguous())
    return torch.cat(out)


@MODELS.register_module()
class SkeletonCLR(BaseModel):
    # a self-supervised encoder: evaluated by the derived protocols
    # (skelact.apis.derive_protocol), not by a head of its own
    pretraining = True

    """Momentum contrast with a memory bank.

    The query encoder is ``backbone -> neck -> projector``; the key encoder
    (``momentum_encoder``) is a copy of it, updated as
    ``theta_k <- m theta_k + (1 - m) theta_q`` by :class:`MomentumUpdateHook`
    before each iteration. The memory bank is a FIFO queue of K L2-normalised
    keys (``queue`` (K, D) and ``queue_ptr``, buffers saved in every
    checkpoint); :class:`MemoryBankHook` enqueues each iteration's keys,
    gathered from all ranks, after the step.

    ``inputs`` of the ``loss`` mode: a list ``[query_view, key_view]``.

    Training needs the hooks of :meth:`required_hooks`; ``forward`` in
    ``loss`` mode refuses to train until a Runner has checked them
    (``hooks_verified``, set by the hooks at ``before_train``). A training
    loop of your own that performs the updates itself sets
    ``model.hooks_verified = True``.

    Args:
        backbone, neck, projector: configs of the query encoder's parts.
        queue_size: K (32768).
        feature_dim: D, the projector's output width (128).
        temperature: tau of InfoNCE (0.07).
        momentum: m (0.999).
        loss: contrastive loss config (``InfoNCELoss``).
        data_preprocessor: config, default ``SkeletonDataPreprocessor``.
    """

    def __init__(self, backbone: dict, neck: dict, projector: dict,
                 queue_size: int = 32768, feature_dim: int = 128,
                 temperature: float = 0.07, momentum: float = 0.999,
                 loss: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        super().__init__(
            data_preprocessor=build_data_preprocessor(data_preprocessor),
            init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck)
        self.projector = MODELS.build(projector)
        self.momentum_encoder = nn.ModuleDict(dict(
            backbone=copy.deepcopy(self.backbone),
            neck=copy.deepcopy(self.neck),
            projector=copy.deepcopy(self.projector)))
        self.momentum_encoder.requires_grad_(False)
        self.loss_module = MODELS.build(loss or dict(type='InfoNCELoss'))
        self.queue_size = queue_size
        self.temperature = temperature
        self.momentum = momentum
        self.register_buffer(
            'queue', F.normalize(torch.randn(queue_size, feature_dim), dim=1))
        self.register_buffer('queue_ptr', torch.zeros(1, dtype=torch.long))
        self._pending_keys = None
        self.hooks_verified = False

    def required_hooks(self) -> List[dict]:
        """The hooks training needs (see skelact.engine.hooks.required):
        the momentum update of the key encoder and the queue update."""
        return [dict(type='MomentumUpdateHook'), dict(type='MemoryBankHook')]

    # -- encoders -------------------------------------------------------
    def query_modules(self):
        return (self.backbone, self.neck, self.projector)

    def init_weights(self):
        """Initialise the query encoder, then copy it into the key encoder
        (as MoCo and the authors' code do)."""
        super().init_weights()
        for name, module in zip(('backbone', 'neck', 'projector'),
                                self.query_modules()):
            self.momentum_encoder[name].load_state_dict(module.state_dict())

    @torch.no_grad()
    def momentum_update(self):
        """theta_k <- m theta_k + (1 - m) theta_q, parameters only (the key
        encoder's BN statistics come from its own forward passes)."""
        q_params = [p for mod in self.query_modules()
                    for p in mod.parameters()]
        k_params = list(self.momentum_encoder.parameters())
        torch._foreach_mul_(k_params, self.momentum)
        torch._foreach_add_(k_params, q_params, alpha=1 - self.momentum)

    def encode_query(self, x: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.projector(self.neck(self.backbone(x))), dim=1)

    @torch.no_grad()
    def encode_key(self, x: torch.Tensor) -> torch.Tensor:
        enc = self.momentum_encoder
        return F.normalize(enc.projector(enc.neck(enc.backbone(x))), dim=1)

    def extract_feat(self, inputs) -> torch.Tensor:
        """The query encoder's pooled backbone output (N, D), the
        representation that linear / KNN evaluation use."""
        if isinstance(inputs, (list, tuple)):
            inputs = inputs[0]
        return self.neck(self.backbone(inputs))

    # -- memory bank ----------------------------------------------------
    def contrast(self, q: torch.Tensor, k: torch.Tensor):
        """Logits (N, 1 + K) over [positive, queue], divided by tau, and the
        raw negative similarities (N, K)."""
        l_pos = (q * k).sum(1, keepdim=True)
        l_neg = q @ self.queue.to(q.dtype).t()
        return torch.cat([l_pos, l_neg], dim=1) / self.temperature, l_neg

    @torch.no_grad()
    def enqueue(self, keys: torch.Tensor):
        """Write ``keys`` (gathered from all ranks) at the queue pointer."""
        keys = gather_keys(keys.detach().to(self.queue.dtype))
        batch = keys.shape[0]
        if self.queue_size % batch:
            raise ValueError(
                f'{type(self).__name__}: queue_size {self.queue_size} must be '
                f'divisible by the global batch size {batch}')
        ptr = int(self.queue_ptr)
        self.queue[ptr:ptr + batch] = keys
        self.queue_ptr[0] = (ptr + batch) % self.queue_size

    def enqueue_pending(self):
        """Enqueue the keys of the last ``loss`` call (MemoryBankHook)."""
        if self._pending_keys is not None:
            self.enqueue(self._pending_keys)
            self._pending_keys = None

    def discard_pending(self):
        """Drop the keys of the last ``loss`` call (a step the
        NonFiniteGuardHook skipped must not enqueue them)."""
        self._pending_keys = None

    # -- modes ----------------------------------------------------------
    def loss(self, inputs: List[torch.Tensor], data_samples=None) -> dict:
        if len(inputs) != 2:
            raise ValueError(f'SkeletonCLR expects 2 views [query, key], got '
                             f'{len(inputs)}; check the MultiView pipeline')
        x_q, x_k = inputs
        q = self.encode_query(x_q)
        k = self.encode_key(x_k)
        logits, _ = self.contrast(q, k)
        self._pending_keys = k
        return dict(loss_info=self.loss_module(logits))

    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        if mode == 'loss':
            if self.training and not self.hooks_verified:
                need = ', '.join(h['type'] for h in self.required_hooks())
                raise RuntimeError(
                    f'{type(self).__name__} is training without a check of '
                    f'the hooks it needs ({need}): the key encoder and the '
                    'queue would stay frozen. Train it with tools/train.py or '
                    'a Runner whose custom_hooks list them; a loop of your own '
                    'that updates them sets model.hooks_verified = True')
            return self.loss(inputs, data_samples)
        if mode == 'tensor':
            return self.extract_feat(inputs)
        if mode == 'predict':
            raise ValueError(
                f'{type(self).__name__} is a pretraining algorithm and does '
                'not classify; evaluate it with a _linear or _knn config (or '
                'the KNNEvalHook during pretraining)')
        raise ValueError(f'unknown mode {mode!r}')
