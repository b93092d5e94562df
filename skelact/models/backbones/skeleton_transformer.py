"""A vanilla spatio-temporal transformer for skeletons (MAMP-style).

The encoder of MAMP (Mao et al., "Masked Motion Predictors are Strong 3D
Action Representation Learners", ICCV 2023; maoyunyao/MAMP,
``model/transformer.py``), used by skelact as TransAimCLR's encoder:

- each person is a separate sequence (persons folded into the batch);
- tokens are temporal patches of one joint: ``joints_embed.proj =
  Conv2d(C, D, kernel=(t_patch_size, 1), stride=(t_patch_size, 1))`` over
  (T, V), so T' = T / t_patch_size (4) tokens per joint;
- learned spatial ``pos_embed`` (1, 1, V, D) and temporal ``temp_embed``
  (1, T'_max, 1, D), trunc-normal(std .02);
- ``depth`` pre-LN blocks (``norm1 -> attn -> +``, ``norm2 -> mlp -> +``)
  with full self-attention over all T' x V tokens of a sequence, then a
  final ``norm``; Linear layers Xavier-uniform, biases 0.

MAMP's encoder: depth 8, dim 256, 8 heads, MLP ratio 4, 120 frames,
LayerNorm with PyTorch's default eps 1e-5 (MAMP builds ``nn.LayerNorm``
without an eps; the default here follows it).

Frames that do not fill a patch: MAMP's Conv2d patch embedding floors
``T / t_patch_size`` and ignores the last ``T mod t_patch_size`` frames
(``t_remainder='drop'``, e.g. 50 frames -> 12 tokens, frames 48-49
unused; ``temp_embed`` then holds ``num_frames // t_patch_size``
positions). The default ``t_remainder='error'`` refuses such a T, so that
the pipeline resizes the clip to a multiple instead (``ResizeFrames``).

Output: the skeleton feature map ``(N, M, D, T', V)`` (the tokens
(N, M, T', V, D) moved to the skeleton backbones' layout at the end, see
:mod:`skelact.models.backbones`); the representation is its mean over
persons, frames and joints (``neck=dict(type='GlobalAveragePooling')``),
and MotionBERT's action heads take the map directly.
"""
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.registry import MODELS
from skelact.models.layers.attention import (MLP, Attention,
                                           init_vit_weights, set_attn_impl)
from skelact.models.layers.dropout import DropPath

__all__ = ['SkeletonTransformer', 'TransformerBlock', 'SkeletonEmbed']


class SkeletonEmbed(nn.Module):
    """Temporal patch embedding: (B, T, V, C) -> (B, T / p, V, D)."""

    def __init__(self, in_channels: int, dim: int, t_patch_size: int = 4):
        super().__init__()
        self.t_patch_size = t_patch_size
        self.proj = nn.Conv2d(in_channels, dim, kernel_size=(t_patch_size, 1),
                              stride=(t_patch_size, 1))

    def forward(self, x):
        x = self.proj(x.permute(0, 3, 1, 2))  # (B, D, T', V)
        return x.permute(0, 2, 3, 1)


class TransformerBlock(nn.Module):
    """Pre-LN transformer block on tokens (B, T, V, C); ``mode`` chooses the
    attention axis (``'full'``: all T x V tokens)."""

    def __init__(self, dim: int, num_heads: int, mlp_ratio: float = 4.0,
                 qkv_bias: bool = True, qk_scale: Optional[float] = None,
                 drop: float = 0.0, attn_drop: float = 0.0,
                 drop_path: float = 0.0, norm_eps: float = 1e-6,
                 mode: str = 'full', attn_impl: str = 'sdpa'):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=norm_eps)
        self.attn = Attention(dim, num_heads, qkv_bias=qkv_bias,
                              qk_scale=qk_scale, attn_drop=attn_drop,
                              proj_drop=drop, mode=mode, attn_impl=attn_impl)
        self.drop_path = DropPath(drop_path) if drop_path > 0 else \
            nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=norm_eps)
        self.mlp = MLP(dim, int(dim * mlp_ratio), dim, drop=drop)

    def forward(self, x):
        x = x + self.drop_path(self.attn(self.norm1(x)))
        return x + self.drop_path(self.mlp(self.norm2(x)))


@MODELS.register_module()
class SkeletonTransformer(BaseModule):
    """Vanilla skeleton transformer (MAMP's encoder).

    Args:
        in_channels: input channels C.
        dim_feat: token width D.
        depth: number of blocks.
        num_heads: attention heads.
        mlp_ratio: MLP hidden width / D.
        num_frames: the longest clip T (``temp_embed`` holds
            ``num_frames // t_patch_size`` positions).
        num_joints: V.
        t_patch_size: frames per token.
        qkv_bias, qk_scale, drop_rate, attn_drop_rate, drop_path_rate:
            as in :class:`DSTformer`.
        norm_eps: LayerNorm epsilon (MAMP: PyTorch's default 1e-5).
        t_remainder: ``'error'`` (T must be a multiple of t_patch_size) or
            ``'drop'`` (MAMP's floor: the last T mod t_patch_size frames
            are not embedded).
        attn_mode: ``'full'`` (MAMP) or ``'spatial'``/``'temporal'``.
        attn_impl: ``'sdpa'`` or ``'explicit'``.
    """

    def __init__(self, in_channels: int = 3, dim_feat: int = 256,
                 depth: int = 8, num_heads: int = 8, mlp_ratio: float = 4.0,
                 num_frames: int = 120, num_joints: int = 25,
                 t_patch_size: int = 4, qkv_bias: bool = True,
                 qk_scale: Optional[float] = None, drop_rate: float = 0.0,
                 attn_drop_rate: float = 0.0, drop_path_rate: float = 0.0,
                 norm_eps: float = 1e-5, attn_mode: str = 'full',
                 attn_impl: str = 'sdpa', t_remainder: str = 'error',
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if t_remainder not in ('error', 'drop'):
            raise ValueError("SkeletonTransformer: t_remainder must be "
                             f"'error' or 'drop', got {t_remainder!r}")
        if num_frames % t_patch_size and t_remainder == 'error':
            raise ValueError(f'SkeletonTransformer: num_frames {num_frames} '
                             f'is not a multiple of t_patch_size '
                             f"{t_patch_size} (t_remainder='drop' floors as "
                             f'MAMP does)')
        self.t_remainder = t_remainder
        self.in_channels = in_channels
        self.dim_feat = dim_feat
        self.out_channels = dim_feat
        self.num_frames = num_frames
        self.num_joints = num_joints
        self.t_patch_size = t_patch_size
        self.joints_embed = SkeletonEmbed(in_channels, dim_feat, t_patch_size)
        self.pos_embed = nn.Parameter(torch.zeros(1, 1, num_joints, dim_feat))
        self.temp_embed = nn.Parameter(
            torch.zeros(1, num_frames // t_patch_size, 1, dim_feat))
        self.pos_drop = nn.Dropout(drop_rate)
        dpr = [drop_path_rate * i / max(depth - 1, 1)
               for i in range(depth)]  # linspace(0, rate, depth)
        self.blocks = nn.ModuleList([
            TransformerBlock(dim_feat, num_heads, mlp_ratio, qkv_bias,
                             qk_scale, drop_rate, attn_drop_rate, dpr[i],
                             norm_eps, attn_mode, attn_impl)
            for i in range(depth)])
        self.norm = nn.LayerNorm(dim_feat, eps=norm_eps)
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.trunc_normal_(self.temp_embed, std=0.02, a=-2.0, b=2.0)
        nn.init.trunc_normal_(self.pos_embed, std=0.02, a=-2.0, b=2.0)
        self.apply(lambda m: init_vit_weights(m, linear='xavier'))

    def init_weights(self):
        if self.init_cfg:
            super().init_weights()

    def set_attn_impl(self, attn_impl: str):
        return set_attn_impl(self, attn_impl)

    def _check_input(self, x):
        t, v, c = x.shape[-3:]
        if c != self.in_channels:
            kind = {2: '2D keypoints (x, y)', 3: '3D joints (x, y, z) or '
                    '2D keypoints with a confidence'}.get(c, f'{c} channels')
            raise ValueError(
                f'SkeletonTransformer: input {tuple(x.shape)} has C={c} '
                f'({kind}) but the model takes in_channels='
                f'{self.in_channels} (MAMP pretrains on 3D x, y, z): give '
                f'it 3D skeletons, or set model.backbone.in_channels={c} '
                f'and train without 3D-pretrained weights')
        if v != self.num_joints:
            raise ValueError(
                f'SkeletonTransformer: input {tuple(x.shape)} has V={v} '
                f'joints, the model num_joints={self.num_joints}: must end '
                f'in (V={self.num_joints}, C={self.in_channels})')
        limit = self.temp_embed.shape[1] * self.t_patch_size
        if t > limit + (self.t_patch_size - 1) * \
                (self.t_remainder == 'drop'):
            raise ValueError(
                f'SkeletonTransformer: T={t} frames exceed num_frames='
                f'{self.num_frames}, the {self.temp_embed.shape[1]} '
                f'positions of temp_embed x t_patch_size='
                f'{self.t_patch_size}: resize the clip to at most '
                f'{self.num_frames} frames in the pipeline '
                f'(ResizeFrames(length={self.num_frames}) interpolates '
                f'linearly), or build a longer num_frames')
        if t % self.t_patch_size and self.t_remainder == 'error':
            raise ValueError(
                f'SkeletonTransformer: T={t} must be a multiple of '
                f't_patch_size={self.t_patch_size} (ResizeFrames to a '
                f"multiple, or t_remainder='drop' as MAMP's patch embedding "
                f'floors)')

    def forward(self, x):
        """``x``: (N, M, T, V, C) -> (N, M, D, T / t_patch_size, V)."""
        if x.dim() != 5:
            raise ValueError('SkeletonTransformer: expected (N, M, T, V, C), '
                             f'got {tuple(x.shape)}')
        n, m, t, v, c = x.shape
        self._check_input(x)
        x = self.joints_embed(x.reshape(n * m, t, v, c))
        tp = x.shape[1]
        x = self.pos_drop(x + self.pos_embed + self.temp_embed[:, :tp])
        for blk in self.blocks:
            x = blk(x)
        x = self.norm(x)
        # tokens (N, M, T', V, D) -> feature map (N, M, D, T', V)
        return x.reshape(n, m, tp, v, -1).permute(0, 1, 4, 2, 3)
