"""DSTformer, the dual-stream spatio-temporal transformer of MotionBERT.

Zhu et al., "MotionBERT: A Unified Perspective on Learning Human Motion
Representations", ICCV 2023 (Walter0807/MotionBERT, ``lib/model/DSTformer.py``).

Facts from the reference, kept here:

- Tokens: one per joint and frame, ``joints_embed = Linear(dim_in,
  dim_feat)``, plus a spatial positional embedding ``pos_embed`` (1, V, D)
  and a temporal one ``temp_embed`` (1, maxlen, 1, D), both
  trunc-normal(std .02); then dropout ``drop_rate``.
- ``depth`` layers; each runs two pre-LN blocks on the same input: an
  ``st`` block (spatial attention + MLP, then temporal attention + MLP;
  ``blocks_st``) and a ``ts`` block (temporal first; ``blocks_ts``). Each
  block owns ``norm1_s, attn_s, norm2_s, mlp_s`` and ``norm1_t, attn_t,
  norm2_t, mlp_t``. Spatial attention runs over the joints of one frame,
  temporal attention over the frames of one joint.
- The two outputs are fused per token: ``alpha = softmax(ts_attn[i](
  cat[x_st, x_ts]))`` with ``ts_attn[i] = Linear(2 D, 2)`` initialised to
  weight 0 and bias 0.5 (so 0.5 / 0.5 at start); ``x = alpha_0 x_st +
  alpha_1 x_ts``. ``att_fuse=False`` averages instead.
- Final ``norm`` (LayerNorm, eps 1e-6 as MotionBERT builds it), then the
  representation layer ``pre_logits = (fc: Linear(D, dim_rep), act: Tanh)``
  and the 3D-lifting ``head = Linear(dim_rep, dim_out)``, which action
  recognition does not use (MotionBERT keeps it in its checkpoints).
- Other Linear weights trunc-normal(std .02), biases 0; LayerNorm 1/0;
  qkv with bias; GELU MLP with hidden ``dim_feat * mlp_ratio``; stochastic
  depth rising linearly from 0 to ``drop_path_rate`` over the layers.

MotionBERT (``MB_release``, the model of the action recipe
``configs/action/MB_ft_NTU60_{xsub,xview}.yaml`` since the authors' v2
release and of the released action checkpoints): ``dim_feat=512,
mlp_ratio=2`` (42,466,317 parameters with ``dim_in=dim_out=3,
dim_rep=512, depth=5, num_heads=8, maxlen=243, 17 joints``);
MotionBERT-Lite (``MB_lite``; the action recipe of the first code release):
``dim_feat=256, mlp_ratio=4``. The constructor defaults are those of the
authors' class (Lite width); configs name the width they use.

Input: ``dim_in`` channels per joint -- MotionBERT's 2D keypoints with
their confidence (x, y, score), which its pretraining lifts to 3D; at most
``maxlen`` frames (the rows of ``temp_embed``; MotionBERT resamples every
clip to 243).

skelact input/output: keypoints ``(N, M, T, V, C)`` -> the skeleton
feature map ``(N, M, dim_rep, T, V)`` (persons folded into the batch; the
tokens (..., T, V, D) are moved to the skeleton backbones' layout at the
end, see :mod:`skelact.models.backbones`); a 4-D ``(B, T, V, C)`` input
gives ``(B, dim_rep, T, V)``.
"""
from collections import OrderedDict
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.registry import MODELS
from skelact.models.layers.attention import (MLP, Attention,
                                           init_vit_weights, set_attn_impl)
from skelact.models.layers.dropout import DropPath

__all__ = ['DSTformer', 'DSTBlock']


class DSTBlock(nn.Module):
    """One DSTformer block: spatial and temporal pre-LN sub-blocks in the
    order ``'st'`` (spatial first) or ``'ts'`` (temporal first).

    Input and output are tokens ``(B, T, V, C)``.
    """

    def __init__(self, dim: int, num_heads: int, mlp_ratio: float = 4.0,
                 qkv_bias: bool = True, qk_scale: Optional[float] = None,
                 drop: float = 0.0, attn_drop: float = 0.0,
                 drop_path: float = 0.0, norm_eps: float = 1e-6,
                 order: str = 'st', attn_impl: str = 'sdpa'):
        super().__init__()
        if order not in ('st', 'ts'):
            raise ValueError(f"DSTBlock: order must be 'st' or 'ts', got "
                             f'{order!r}')
        self.order = order
        hidden = int(dim * mlp_ratio)
        attn = dict(num_heads=num_heads, qkv_bias=qkv_bias, qk_scale=qk_scale,
                    attn_drop=attn_drop, proj_drop=drop, attn_impl=attn_impl)
        self.norm1_s = nn.LayerNorm(dim, eps=norm_eps)
        self.norm1_t = nn.LayerNorm(dim, eps=norm_eps)
        self.attn_s = Attention(dim, mode='spatial', **attn)
        self.attn_t = Attention(dim, mode='temporal', **attn)
        self.drop_path = DropPath(drop_path) if drop_path > 0 else \
            nn.Identity()
        self.norm2_s = nn.LayerNorm(dim, eps=norm_eps)
        self.norm2_t = nn.LayerNorm(dim, eps=norm_eps)
        self.mlp_s = MLP(dim, hidden, dim, drop=drop)
        self.mlp_t = MLP(dim, hidden, dim, drop=drop)

    def _spatial(self, x):
        x = x + self.drop_path(self.attn_s(self.norm1_s(x)))
        return x + self.drop_path(self.mlp_s(self.norm2_s(x)))

    def _temporal(self, x):
        x = x + self.drop_path(self.attn_t(self.norm1_t(x)))
        return x + self.drop_path(self.mlp_t(self.norm2_t(x)))

    def forward(self, x):
        if self.order == 'st':
            return self._temporal(self._spatial(x))
        return self._spatial(self._temporal(x))


@MODELS.register_module()
class DSTformer(BaseModule):
    """MotionBERT's dual-stream spatio-temporal transformer.

    Args:
        dim_in: input channels C (3: x, y, confidence for 2D keypoints).
        dim_out: width of the (unused for recognition) lifting ``head``;
            0 leaves it out. Keep 3 to load MotionBERT checkpoints strictly.
        dim_feat: token width D.
        dim_rep: width of the representation layer ``pre_logits``; 0 leaves
            it out (the output is then the normalised D-wide tokens).
        depth: number of dual-stream layers.
        num_heads: attention heads.
        mlp_ratio: MLP hidden width / D.
        num_joints: V.
        maxlen: the longest clip (size of ``temp_embed``).
        qkv_bias: bias in the q/k/v projections.
        qk_scale: attention logit scale (default head_dim ** -0.5).
        drop_rate: dropout after the embeddings, in MLPs and projections.
        attn_drop_rate: dropout on the attention weights.
        drop_path_rate: stochastic depth of the last layer.
        norm_eps: LayerNorm epsilon (MotionBERT: 1e-6).
        att_fuse: learned per-token fusion of the two streams (else mean).
        attn_impl: ``'sdpa'`` (fused ``scaled_dot_product_attention``) or
            ``'explicit'`` (softmax(QK^T/sqrt(d))V, for tests/benchmarks).
        init_cfg: mmengine init config (e.g. ``Pretrained``).
    """

    def __init__(self, dim_in: int = 3, dim_out: int = 3,
                 dim_feat: int = 256, dim_rep: int = 512, depth: int = 5,
                 num_heads: int = 8, mlp_ratio: float = 4.0,
                 num_joints: int = 17, maxlen: int = 243,
                 qkv_bias: bool = True, qk_scale: Optional[float] = None,
                 drop_rate: float = 0.0, attn_drop_rate: float = 0.0,
                 drop_path_rate: float = 0.0, norm_eps: float = 1e-6,
                 att_fuse: bool = True, attn_impl: str = 'sdpa',
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.dim_in = dim_in
        self.dim_out = dim_out
        self.dim_feat = dim_feat
        self.dim_rep = dim_rep
        self.num_joints = num_joints
        self.maxlen = maxlen
        self.att_fuse = att_fuse
        self.out_channels = dim_rep if dim_rep else dim_feat

        self.joints_embed = nn.Linear(dim_in, dim_feat)
        self.pos_embed = nn.Parameter(torch.zeros(1, num_joints, dim_feat))
        self.temp_embed = nn.Parameter(torch.zeros(1, maxlen, 1, dim_feat))
        self.pos_drop = nn.Dropout(drop_rate)
        dpr = [drop_path_rate * i / max(depth - 1, 1)
               for i in range(depth)]  # linspace(0, rate, depth)
        block = dict(dim=dim_feat, num_heads=num_heads, mlp_ratio=mlp_ratio,
                     qkv_bias=qkv_bias, qk_scale=qk_scale, drop=drop_rate,
                     attn_drop=attn_drop_rate, norm_eps=norm_eps,
                     attn_impl=attn_impl)
        self.blocks_st = nn.ModuleList(
            [DSTBlock(drop_path=dpr[i], order='st', **block)
             for i in range(depth)])
        self.blocks_ts = nn.ModuleList(
            [DSTBlock(drop_path=dpr[i], order='ts', **block)
             for i in range(depth)])
        self.norm = nn.LayerNorm(dim_feat, eps=norm_eps)
        if dim_rep:
            self.pre_logits = nn.Sequential(OrderedDict(
                fc=nn.Linear(dim_feat, dim_rep), act=nn.Tanh()))
        else:
            self.pre_logits = nn.Identity()
        self.head = nn.Linear(self.out_channels, dim_out) if dim_out > 0 \
            else nn.Identity()
        if att_fuse:
            self.ts_attn = nn.ModuleList(
                [nn.Linear(2 * dim_feat, 2) for _ in range(depth)])
        self.reset_parameters()

    def reset_parameters(self):
        """MotionBERT's initialisation (see the module docstring)."""
        nn.init.trunc_normal_(self.temp_embed, std=0.02, a=-2.0, b=2.0)
        nn.init.trunc_normal_(self.pos_embed, std=0.02, a=-2.0, b=2.0)
        self.apply(init_vit_weights)
        if self.att_fuse:
            for fc in self.ts_attn:
                nn.init.zeros_(fc.weight)
                nn.init.constant_(fc.bias, 0.5)

    def init_weights(self):
        # The reference initialisation runs in __init__; an explicit
        # init_cfg (e.g. Pretrained) is applied on top by mmengine.
        if self.init_cfg:
            super().init_weights()

    def set_attn_impl(self, attn_impl: str):
        """Switch all attention layers to ``'sdpa'`` or ``'explicit'``."""
        return set_attn_impl(self, attn_impl)

    def _check_input(self, x):
        t, v, c = x.shape[-3:]
        if c != self.dim_in:
            hint = (' (2D keypoints without their confidence?): MotionBERT '
                    'takes x, y and the keypoint score -- pack them with '
                    'PackSkeletonInputs(with_score=True)'
                    if c == self.dim_in - 1 else '')
            raise ValueError(
                f'DSTformer: input {tuple(x.shape)} has C={c} channels, the '
                f'model dim_in={self.dim_in}{hint}; a different dim_in '
                f'(model.backbone.dim_in) cannot load MotionBERT\'s '
                f'pretrained joints_embed')
        if v != self.num_joints:
            raise ValueError(
                f'DSTformer: input {tuple(x.shape)} has V={v} joints, the '
                f'model num_joints={self.num_joints}: must end in (T, V='
                f'{self.num_joints}, C={self.dim_in})')
        if t > self.maxlen:
            raise ValueError(
                f'DSTformer: {t} frames exceed maxlen={self.maxlen}, the '
                f'rows of its temporal embedding temp_embed: resample the '
                f'clip to at most {self.maxlen} frames in the pipeline '
                f'(ResizeFrames(length={self.maxlen}) interpolates '
                f'linearly; ResampleFrames(clip_len={self.maxlen}) picks '
                f'frames as MotionBERT does)')

    def fuse(self, idx: int, x_st, x_ts):
        """Fuse the two streams of layer ``idx`` per token."""
        if not self.att_fuse:
            return (x_st + x_ts) * 0.5
        alpha = self.ts_attn[idx](torch.cat([x_st, x_ts], dim=-1))
        alpha = alpha.softmax(dim=-1)
        return x_st * alpha[..., 0:1] + x_ts * alpha[..., 1:2]

    def forward(self, x, return_rep: bool = True):
        """``x``: (N, M, T, V, C) or (B, T, V, C). Returns the
        representation as a skeleton feature map (N, M, dim_rep, T, V)
        (or (B, dim_rep, T, V)). ``return_rep=False`` returns the lifting
        head's output instead, a pose in the keypoint layout
        (N, M, T, V, dim_out)."""
        if x.dim() not in (4, 5):
            raise ValueError('DSTformer: expected (N, M, T, V, C) or '
                             f'(B, T, V, C), got {tuple(x.shape)}')
        self._check_input(x)
        lead = x.shape[:-3]
        t, v, c = x.shape[-3:]
        x = x.reshape(-1, t, v, c)
        x = self.joints_embed(x) + self.pos_embed[:, None] + \
            self.temp_embed[:, :t]
        x = self.pos_drop(x)
        for idx, (blk_st, blk_ts) in enumerate(zip(self.blocks_st,
                                                   self.blocks_ts)):
            x = self.fuse(idx, blk_st(x), blk_ts(x))
        x = self.pre_logits(self.norm(x))
        if not return_rep:
            return self.head(x).reshape(*lead, t, v, -1)
        # tokens (..., T, V, D) -> feature map (..., D, T, V)
        return x.reshape(*lead, t, v, x.shape[-1]).movedim(-1, -3)
