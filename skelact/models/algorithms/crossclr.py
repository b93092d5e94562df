"""CrosSCLR, 3 views: joint, motion and bone MoCo encoders with
cross-view consistent knowledge mining (Li et al., CVPR 2021;
LinguoLi/CrosSCLR ``net/crossclr_3views.py``)."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn.functional as F

from skelact.registry import MODELS
from .skeletonclr import SkeletonCLR, gather_keys

__all__ = ['CrosSCLR']

MOMENTUM_MODES = ('authors', 'all')
# the one stream whose key encoder the authors' ``cross_training`` updates
AUTHORS_STAGE2_STREAM = 'motion'


def _type_name(cfg: dict) -> str:
    return str(cfg.get('type', '')).split('.')[-1]


@MODELS.register_module()
class CrosSCLR(SkeletonCLR):
    """One MoCo per stream, in one model, and the cross-view stage.

    ``backbone`` is a :class:`MultiStreamBackbone` (one ST-GCN per stream,
    ``backbone.encoders.{joint,motion,bone}``; motion and bone computed
    from the joint input, so ``data_preprocessor.stream`` stays
    ``'joint'``); ``projector`` is one stream's projector, made per stream
    by :class:`MultiStreamProjector` (``projector_sharing``). The key
    encoder (``momentum_encoder``) is their copy; the memory bank holds
    one queue per stream, ``queue`` (S, K, D), written at one pointer, so
    entry ``i`` is the same sample in every stream's queue (as the
    authors' ``queue``, ``queue_motion``, ``queue_bone``, whose pointers
    always move together).

    ``inputs`` of the ``loss`` mode: ``[query_view, key_view]`` of the
    joint stream (the authors' ``Feeder_dual``: two crop + shear views).

    - Stage 1 (the first ``cross_epoch`` epochs): the sum of the streams'
      InfoNCE losses (``loss_joint``, ``loss_motion``, ``loss_bone``).
    - Stage 2 (from epoch ``cross_epoch + 1``, 1-based, as the authors'
      ``epoch <= cross_epoch`` test on their 1-based epochs): each
      stream's loss is :class:`CrossViewLoss` -- for every other stream,
      context logits ``l_neg_x * l_neg_y`` appended and that stream's
      top-1 queue neighbour as extra positive, averaged over the pairs.
      :class:`CrossViewStageHook` sets the stage (``cross_active``, a
      buffer: checkpoints carry it).

    ``momentum_mode`` -- the key encoders' momentum update:

    - ``'authors'``, what LinguoLi/CrosSCLR's code does: in stage 1 each
      stream's key encoder is updated in turn, so the projector layers
      shared by the streams (``projector_sharing='authors'``) take the
      step once per stream (momentum m**3 per iteration); in stage 2 only
      ``_momentum_update_key_encoder_motion()`` is called, so the joint
      and bone key backbones **stop updating** (the shared projector still
      moves through the motion encoder). An observed behaviour, probably a
      bug; the reproduction configs use it and say so.
    - ``'all'``, MoCo's: every key parameter once per iteration, in both
      stages.

    Args:
        backbone: a ``MultiStreamBackbone`` config with at least 2 streams.
        neck: pooling neck, applied to each stream's map.
        projector: one stream's projector config (``MLPProjector``).
        projector_sharing: ``'authors'`` or ``'none'``
            (:class:`MultiStreamProjector`).
        cross_epoch: epochs of stage 1 (150); ``None``: never stage 2 (no
            :class:`CrossViewStageHook` needed).
        cross_loss: config of the stage-2 loss (``CrossViewLoss``, topk 1,
            context True).
        momentum_mode: ``'authors'`` or ``'all'`` (above).
        **kwargs: see :class:`SkeletonCLR` (queue_size, feature_dim,
            temperature, momentum, loss, data_preprocessor, init_cfg).
    """

    def __init__(self, backbone: dict, neck: dict, projector: dict,
                 projector_sharing: str = 'authors',
                 cross_epoch: Optional[int] = 150,
                 cross_loss: Optional[dict] = None,
                 momentum_mode: str = 'authors', **kwargs):
        streams = self._check_streams(backbone, kwargs.get(
            'data_preprocessor'))
        if momentum_mode not in MOMENTUM_MODES:
            raise ValueError(f'{type(self).__name__}: momentum_mode must be '
                             f'one of {MOMENTUM_MODES}, got '
                             f'{momentum_mode!r}')
        if momentum_mode == 'authors' and \
                AUTHORS_STAGE2_STREAM not in streams:
            raise ValueError(
                f"{type(self).__name__}: momentum_mode='authors' keeps only "
                f"the {AUTHORS_STAGE2_STREAM!r} key encoder updating in stage "
                f"2, but the streams are {streams}; use momentum_mode='all'")
        if cross_epoch is not None and (not isinstance(cross_epoch, int) or
                                        cross_epoch < 0):
            raise ValueError(f'{type(self).__name__}: cross_epoch must be an '
                             f'int >= 0 or None, got {cross_epoch!r}')
        multi_projector = dict(type='MultiStreamProjector',
                               projector=dict(projector), streams=streams,
                               sharing=projector_sharing)
        super().__init__(backbone=backbone, neck=neck,
                         projector=multi_projector, **kwargs)
        self.stream_names = streams
        self.cross_epoch = cross_epoch
        self.momentum_mode = momentum_mode
        self.cross_loss = MODELS.build(cross_loss or
                                       dict(type='CrossViewLoss'))
        dim = self.queue.shape[1]
        self.queue = F.normalize(
            torch.randn(len(streams), self.queue_size, dim), dim=-1)
        self.register_buffer('cross_active', torch.tensor(False))

    @classmethod
    def _check_streams(cls, backbone: dict, data_preprocessor) -> tuple:
        """The backbone's streams, or a clear error for one stream, a
        single-stream backbone or a preprocessor that is not the joint
        stream."""
        name = cls.__name__
        if _type_name(backbone) != 'MultiStreamBackbone':
            raise ValueError(
                f"{name}: model.backbone must be a MultiStreamBackbone (one "
                f"encoder per stream, streams=('joint', 'motion', 'bone')), "
                f"got type {backbone.get('type')!r}")
        streams = tuple(backbone.get('streams',
                                     ('joint', 'motion', 'bone')))
        if len(streams) < 2:
            raise ValueError(
                f'{name}: model.backbone.streams={streams!r} is one stream; '
                f'cross-view mining needs at least 2 (the 3-view model: '
                f"('joint', 'motion', 'bone')). A single stream is "
                'SkeletonCLR (configs/skeletonclr/)')
        stream = (data_preprocessor or {}).get('stream', 'joint')
        if stream != 'joint':
            raise ValueError(
                f'{name}: model.data_preprocessor.stream must be \'joint\' '
                f'(the backbone computes {streams} from the joints), got '
                f'{stream!r}')
        return streams

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # a converted authors' file carries no stage: the first one
        state_dict.setdefault(prefix + 'cross_active', torch.tensor(False))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def required_hooks(self) -> List[dict]:
        """SkeletonCLR's hooks and, with a stage 2, the stage switch."""
        hooks = super().required_hooks()
        if self.cross_epoch is not None:
            hooks.append(dict(type='CrossViewStageHook'))
        return hooks

    def set_cross(self, active: bool):
        self.cross_active.fill_(bool(active))

    # -- momentum update ----------------------------------------------
    def _stream_params(self, encoder, stream: str):
        return list(encoder['backbone'].encoders[stream].parameters()) + \
            list(encoder['projector'].streams[stream].parameters())

    @torch.no_grad()
    def momentum_update(self):
        """theta_k <- m theta_k + (1 - m) theta_q per ``momentum_mode``."""
        if self.momentum_mode == 'all':
            return super().momentum_update()
        query = dict(backbone=self.backbone, projector=self.projector)
        streams = (AUTHORS_STAGE2_STREAM,) if bool(self.cross_active) \
            else self.stream_names
        for s in streams:  # shared layers step once per stream holding them
            k = self._stream_params(self.momentum_encoder, s)
            torch._foreach_mul_(k, self.momentum)
            torch._foreach_add_(k, self._stream_params(query, s),
                                alpha=1 - self.momentum)

    # -- embeddings and logits ----------------------------------------
    def embed_maps(self, maps: Sequence[torch.Tensor], encoder=None):
        """L2-normalised embeddings (N, D) of per-stream maps, by the
        query encoder's neck and projector (or ``encoder``'s)."""
        neck = self.neck if encoder is None else encoder['neck']
        proj = self.projector if encoder is None else encoder['projector']
        return [F.normalize(z, dim=1) for z in proj([neck(m) for m in maps])]

    def encode_query(self, x: torch.Tensor) -> List[torch.Tensor]:
        return self.embed_maps(self.backbone.forward_streams(x))

    @torch.no_grad()
    def encode_key(self, x: torch.Tensor) -> List[torch.Tensor]:
        enc = self.momentum_encoder
        return self.embed_maps(enc['backbone'].forward_streams(x), enc)

    def similarities(self, q: Sequence[torch.Tensor],
                     k: Sequence[torch.Tensor]):
        """Per stream: l_pos (N, 1) and l_neg (N, K) against its queue
        (un-tempered)."""
        l_pos = [(qs * ks).sum(1, keepdim=True) for qs, ks in zip(q, k)]
        l_neg = [qs @ self.queue[i].to(qs.dtype).t()
                 for i, qs in enumerate(q)]
        return l_pos, l_neg

    def stream_losses(self, l_pos, l_neg) -> List[torch.Tensor]:
        """Stage 1: InfoNCE per stream; stage 2: the cross-view loss."""
        if bool(self.cross_active):
            return self.cross_loss(l_pos, l_neg, self.temperature)
        return [self.loss_module(torch.cat([p, n], 1) / self.temperature)
                for p, n in zip(l_pos, l_neg)]

    # -- memory bank ----------------------------------------------------
    @torch.no_grad()
    def enqueue(self, keys):
        """Write the streams' keys (a list of (N, D), or (N, S, D)),
        gathered from all ranks, at the one pointer."""
        if isinstance(keys, (list, tuple)):
            keys = torch.stack(list(keys), dim=1)
        keys = gather_keys(keys.detach().to(self.queue.dtype))
        batch = keys.shape[0]
        if self.queue_size % batch:
            raise ValueError(
                f'{type(self).__name__}: queue_size {self.queue_size} must be '
                f'divisible by the global batch size {batch}')
        ptr = int(self.queue_ptr)
        self.queue[:, ptr:ptr + batch] = keys.transpose(0, 1)
        self.queue_ptr[0] = (ptr + batch) % self.queue_size

    def loss(self, inputs: List[torch.Tensor], data_samples=None) -> Dict:
        if len(inputs) != 2:
            raise ValueError(
                f'{type(self).__name__} expects 2 views [query, key] of the '
                f'joint stream, got {len(inputs)}; check the MultiView '
                'pipeline')
        x_q, x_k = inputs
        q = self.encode_query(x_q)
        k = self.encode_key(x_k)
        losses = self.stream_losses(*self.similarities(q, k))
        self._pending_keys = k
        return {f'loss_{s}': v for s, v in zip(self.stream_names, losses)}
