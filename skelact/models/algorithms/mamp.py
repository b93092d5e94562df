"""MAMP: masked motion prediction (Mao et al., ICCV 2023; maoyunyao/MAMP).

A vanilla skeleton transformer (:class:`~skelact.models.backbones.
SkeletonTransformer`, MAMP's encoder) sees the ~10 % of its temporal-patch
tokens that motion-aware masking keeps; a light transformer decoder
(:class:`MAMPDecoder`: 3 blocks for NTU-60, 5 for NTU-120 / PKU-MMD in the
authors' configs) fills in a mask token at every masked position and
predicts the *temporal motion* of those patches; the loss is the MSE on the
masked tokens only (:mod:`skelact.models.layers.motion_masking` holds the
masking, the target and the loss, with the authors' facts).

Each person is a separate sequence, as in the encoder (the zero second
person of a single-actor sample included, as the authors do).
"""
from typing import List, Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModel

from skelact.models.backbones.skeleton_transformer import TransformerBlock
from skelact.models.data_preprocessors.base import build_data_preprocessor
from skelact.models.layers.attention import init_vit_weights
from skelact.models.layers.motion_masking import (check_mask_ratio,
                                                  masked_mse,
                                                  motion_aware_masking,
                                                  normalize_patches, patchify,
                                                  random_masking,
                                                  temporal_motion)
from skelact.registry import MODELS

__all__ = ['MAMP', 'MAMPDecoder']


@MODELS.register_module()
class MAMPDecoder(nn.Module):
    """MAMP's decoder: ``embed`` (Linear D -> D_dec), a learned
    ``mask_token`` at every masked position, the decoder's own
    ``pos_embed`` (1, 1, V, D_dec) and ``temp_embed`` (1, T', 1, D_dec),
    ``depth`` pre-LN blocks over all T' x V tokens, ``norm`` and ``pred``
    (Linear D_dec -> t_patch_size * C, one motion patch per token).

    Names map to the authors' as ``decoder_embed`` -> ``embed``,
    ``decoder_blocks`` -> ``blocks``, ``decoder_norm`` -> ``norm``,
    ``decoder_pos_embed`` / ``decoder_temp_embed`` -> ``pos_embed`` /
    ``temp_embed``, ``decoder_pred`` -> ``pred`` (``tools/convert``).

    Args:
        in_channels: the encoder width D.
        dim: the decoder width (MAMP: 256).
        depth: decoder blocks (MAMP: 3 for NTU-60, 5 otherwise).
        num_heads, mlp_ratio, qkv_bias: of the blocks (MAMP: the encoder's).
        num_tokens_t: T' = num_frames / t_patch_size.
        num_joints: V.
        out_channels: values per predicted patch (t_patch_size * C).
        norm_eps: LayerNorm epsilon (MAMP: PyTorch's default 1e-5).
    """

    def __init__(self, in_channels: int = 256, dim: int = 256,
                 depth: int = 3, num_heads: int = 8, mlp_ratio: float = 4.0,
                 qkv_bias: bool = True, num_tokens_t: int = 30,
                 num_joints: int = 25, out_channels: int = 12,
                 norm_eps: float = 1e-5, attn_impl: str = 'sdpa'):
        super().__init__()
        self.num_tokens_t = num_tokens_t
        self.num_joints = num_joints
        self.embed = nn.Linear(in_channels, dim)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.blocks = nn.ModuleList([
            TransformerBlock(dim, num_heads, mlp_ratio=mlp_ratio,
                             qkv_bias=qkv_bias, norm_eps=norm_eps,
                             mode='full', attn_impl=attn_impl)
            for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=norm_eps)
        self.pos_embed = nn.Parameter(torch.zeros(1, 1, num_joints, dim))
        self.temp_embed = nn.Parameter(torch.zeros(1, num_tokens_t, 1, dim))
        self.pred = nn.Linear(dim, out_channels)
        self.reset_parameters()

    def reset_parameters(self):
        for p in (self.mask_token, self.pos_embed, self.temp_embed):
            nn.init.trunc_normal_(p, std=0.02, a=-2.0, b=2.0)
        self.apply(lambda m: init_vit_weights(m, linear='xavier'))

    def forward(self, latent: torch.Tensor, ids_restore: torch.Tensor,
                num_t: int) -> torch.Tensor:
        """``latent`` (B, K, D) of the kept tokens, ``ids_restore`` (B, L)
        -> predictions (B, L, out_channels), L = num_t * V."""
        x = self.embed(latent)
        b, k, c = x.shape
        length = ids_restore.shape[1]
        x = torch.cat([x, self.mask_token.expand(b, length - k, c)], dim=1)
        x = torch.gather(x, 1, ids_restore.unsqueeze(-1).expand(-1, -1, c))
        x = x.reshape(b, num_t, self.num_joints, c)
        x = x + self.pos_embed + self.temp_embed[:, :num_t]
        for blk in self.blocks:
            x = blk(x)
        return self.pred(self.norm(x)).reshape(b, length, -1)


@MODELS.register_module()
class MAMP(BaseModel):
    """Masked motion prediction with a vanilla skeleton transformer.

    ``loss``: the input (N, M, T, V, C) (one view, ``PackSkeletonInputs``)
    becomes N * M sequences; tokens = the backbone's patch embedding plus
    its spatial and temporal embeddings; masking (motion-aware with
    ``motion_aware_tau > 0``, else uniform) keeps
    ``int(L * (1 - mask_ratio))`` of the L = T / u * V tokens; the backbone's
    blocks and final norm encode them; :class:`MAMPDecoder` predicts every
    token; ``loss_motion`` is the MSE between the prediction and the
    (per-patch normalised) temporal motion, on the masked tokens only.

    ``extract_feat``: the whole (unmasked) sequence through the backbone,
    pooled by ``neck`` (mean over persons, frames and joints, as MAMP's
    linear head) -> (N, D): what the derived linear / KNN protocols read.

    Args:
        backbone: a ``SkeletonTransformer`` config (MAMP: depth 8, dim 256,
            8 heads, MLP 4, 120 frames, temporal patch 4).
        decoder: :class:`MAMPDecoder` arguments (its ``in_channels``,
            ``num_tokens_t``, ``num_joints``, ``out_channels``, ``norm_eps``
            default to the backbone's).
        neck: pooling of ``extract_feat``.
        mask_ratio: fraction of tokens masked, in (0, 1) (MAMP: 0.9).
        motion_aware_tau: tau of the motion-aware masking (MAMP: 0.8 for
            NTU-60 and PKU-MMD, 0.75 for NTU-120); ``0`` = uniform masking
            (MAE).
        motion_stride: frame offset of the motion target (MAMP: 1).
        norm_target: per-patch normalisation of the target (MAMP's
            ``norm_skes_loss: True``).
        data_preprocessor: default ``SkeletonDataPreprocessor``.
    """

    # a representation learner: evaluated by the derived protocols
    pretraining = True

    def __init__(self, backbone: dict, decoder: Optional[dict] = None,
                 neck: Optional[dict] = None, mask_ratio: float = 0.9,
                 motion_aware_tau: float = 0.8, motion_stride: int = 1,
                 norm_target: bool = True,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        super().__init__(
            data_preprocessor=build_data_preprocessor(data_preprocessor),
            init_cfg=init_cfg)
        self.mask_ratio = check_mask_ratio(mask_ratio)
        self.motion_aware_tau = float(motion_aware_tau)
        if int(motion_stride) < 1:
            raise ValueError('MAMP: motion_stride must be >= 1, got '
                             f'{motion_stride!r} (config key '
                             'model.motion_stride)')
        self.motion_stride = int(motion_stride)
        self.norm_target = bool(norm_target)
        self.backbone = MODELS.build(backbone)
        bb = self.backbone
        for attr in ('joints_embed', 'pos_embed', 'temp_embed', 'blocks',
                     'norm', 't_patch_size'):
            if not hasattr(bb, attr):
                raise ValueError(
                    f'MAMP: the backbone {type(bb).__name__} has no '
                    f'`{attr}`; MAMP needs a SkeletonTransformer (config key '
                    'model.backbone.type)')
        dec = dict(in_channels=bb.out_channels,
                   num_tokens_t=bb.num_frames // bb.t_patch_size,
                   num_joints=bb.num_joints,
                   out_channels=bb.t_patch_size * bb.in_channels,
                   norm_eps=bb.norm.eps)
        dec.update(decoder or {})
        dec.pop('type', None)
        self.decoder = MAMPDecoder(**dec)
        self.neck = MODELS.build(neck or dict(type='GlobalAveragePooling'))

    def required_hooks(self) -> List[dict]:
        """No training state outside the gradient step."""
        return []

    def extract_feat(self, inputs) -> torch.Tensor:
        """The pooled representation (N, D) of the unmasked input."""
        if isinstance(inputs, (list, tuple)):
            inputs = inputs[0]
        return self.neck(self.backbone(inputs))

    def _sequences(self, inputs) -> torch.Tensor:
        if isinstance(inputs, (list, tuple)):
            if len(inputs) != 1:
                raise ValueError(f'MAMP expects one view, got {len(inputs)}'
                                 '; use PackSkeletonInputs without '
                                 'MultiView')
            inputs = inputs[0]
        bb = self.backbone
        if inputs.dim() != 5:
            raise ValueError('MAMP: expected inputs (N, M, T, V, C), got '
                             f'{tuple(inputs.shape)}')
        n, m, t, v, c = inputs.shape
        if v != bb.num_joints or c != bb.in_channels:
            raise ValueError(
                f'MAMP: input {tuple(inputs.shape)} must end in (V='
                f'{bb.num_joints}, C={bb.in_channels}) (model.backbone)')
        if t % bb.t_patch_size or t > bb.num_frames:
            raise ValueError(
                f'MAMP: T={t} must be a multiple of t_patch_size='
                f'{bb.t_patch_size} and at most num_frames={bb.num_frames} '
                '(resize the clips, e.g. ValidCropResize(length=...))')
        return inputs.reshape(n * m, t, v, c)

    def mask_tokens(self, x: torch.Tensor, generator=None):
        """Masking of the sequences ``x`` (B, T, V, C): ``ids_keep``,
        ``mask`` (1 = masked), ``ids_restore``."""
        u = self.backbone.t_patch_size
        if self.motion_aware_tau > 0:
            return motion_aware_masking(patchify(x, u), x.shape[2],
                                        self.mask_ratio,
                                        self.motion_aware_tau, generator)
        b, t, v, _ = x.shape
        return random_masking(b, t // u * v, self.mask_ratio, x.device,
                              generator)

    def motion_target(self, x: torch.Tensor) -> torch.Tensor:
        """The prediction target (B, L, u * C) of the sequences ``x``."""
        target = patchify(temporal_motion(x, self.motion_stride),
                          self.backbone.t_patch_size)
        return normalize_patches(target) if self.norm_target else target

    def predict_tokens(self, x: torch.Tensor, generator=None):
        """Encoder on the kept tokens, decoder on all: ``pred`` (B, L,
        u * C) and ``mask`` (B, L)."""
        bb = self.backbone
        tokens = bb.joints_embed(x)  # (B, T', V, D)
        b, tp, v, d = tokens.shape
        tokens = tokens + bb.pos_embed + bb.temp_embed[:, :tp]
        tokens = tokens.reshape(b, tp * v, d)
        ids_keep, mask, ids_restore = self.mask_tokens(x, generator)
        h = torch.gather(tokens, 1, ids_keep.unsqueeze(-1).expand(-1, -1, d))
        h = h.unsqueeze(2)  # (B, K, 1, D): full attention over the K tokens
        for blk in bb.blocks:
            h = blk(h)
        h = bb.norm(h).squeeze(2)
        return self.decoder(h, ids_restore, tp), mask

    def loss(self, inputs, data_samples=None) -> dict:
        x = self._sequences(inputs)
        pred, mask = self.predict_tokens(x)
        return dict(loss_motion=masked_mse(pred, self.motion_target(x),
                                           mask))

    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'tensor':
            return self.extract_feat(inputs)
        if mode == 'predict':
            raise ValueError(
                'MAMP learns a representation and does not classify; '
                'evaluate it with --protocol linear (or knn, finetune)')
        raise ValueError(f'unknown mode {mode!r}')
