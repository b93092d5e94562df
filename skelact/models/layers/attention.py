"""Attention blocks shared by skelact's skeleton transformers.

Attention runs through :func:`torch.nn.functional.scaled_dot_product_attention`
(``attn_impl='sdpa'``, the default) or through the textbook
``softmax(Q K^T * scale) V`` (``attn_impl='explicit'``); both use the same
parameters, so a module can be switched at any time
(:func:`set_attn_impl`) -- the tests check that they agree and the
benchmark compares their speed.

Token tensors keep the skeleton axes: ``(B, T, V, C)`` (sequences, frames,
joints, channels). An :class:`Attention` attends either over the joints of a
frame (``mode='spatial'``), over the frames of a joint
(``mode='temporal'``) or over all ``T * V`` tokens of a sequence
(``mode='full'``). Parameter names (``qkv``, ``proj``, ``fc1``, ``fc2``)
are those of MotionBERT's and MAMP's modules so that their checkpoints map
by a rename.
"""
import math
from typing import Optional

import torch.nn as nn
import torch.nn.functional as F

__all__ = ['MLP', 'Attention', 'explicit_attention',
           'set_attn_impl', 'init_vit_weights', 'ATTN_IMPLS', 'ATTN_MODES']

ATTN_IMPLS = ('sdpa', 'explicit')
ATTN_MODES = ('spatial', 'temporal', 'full')


def _check_impl(attn_impl):
    if attn_impl not in ATTN_IMPLS:
        raise ValueError(f'attn_impl must be one of {ATTN_IMPLS}, got '
                         f'{attn_impl!r}')
    return attn_impl


class MLP(nn.Module):
    """``fc1 -> GELU -> dropout -> fc2 -> dropout`` (the ViT MLP)."""

    def __init__(self, in_features: int, hidden_features: Optional[int] = None,
                 out_features: Optional[int] = None, drop: float = 0.0):
        super().__init__()
        hidden_features = hidden_features or in_features
        out_features = out_features or in_features
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_features, out_features)
        self.drop = nn.Dropout(drop)

    def forward(self, x):
        x = self.drop(self.act(self.fc1(x)))
        return self.drop(self.fc2(x))


def explicit_attention(q, k, v, scale: float, dropout_p: float = 0.0,
                       training: bool = False):
    """Reference attention ``softmax(q @ k^T * scale) @ v`` over the
    second-to-last axis; ``q, k, v`` are ``(..., L, d)``."""
    attn = (q @ k.transpose(-2, -1)) * scale
    attn = attn.softmax(dim=-1)
    if dropout_p > 0.0 and training:
        attn = F.dropout(attn, p=dropout_p)
    return attn @ v


class Attention(nn.Module):
    """Multi-head self-attention over one skeleton axis.

    Args:
        dim: token width C.
        num_heads: heads H (``C % H == 0``).
        qkv_bias: bias of the joint q/k/v projection.
        qk_scale: logit scale; default ``head_dim ** -0.5``.
        attn_drop: dropout on the attention weights.
        proj_drop: dropout after the output projection.
        mode: ``'spatial'`` (over joints, per frame), ``'temporal'`` (over
            frames, per joint) or ``'full'`` (over all frames x joints).
        attn_impl: ``'sdpa'`` or ``'explicit'``.
    """

    def __init__(self, dim: int, num_heads: int = 8, qkv_bias: bool = True,
                 qk_scale: Optional[float] = None, attn_drop: float = 0.0,
                 proj_drop: float = 0.0, mode: str = 'spatial',
                 attn_impl: str = 'sdpa'):
        super().__init__()
        if dim % num_heads:
            raise ValueError(f'Attention: dim {dim} is not divisible by '
                             f'num_heads {num_heads}')
        if mode not in ATTN_MODES:
            raise ValueError(f'Attention: mode must be one of {ATTN_MODES}, '
                             f'got {mode!r}')
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = qk_scale or self.head_dim ** -0.5
        self.mode = mode
        self.attn_impl = _check_impl(attn_impl)
        self.attn_drop = float(attn_drop)
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def extra_repr(self):
        return (f'num_heads={self.num_heads}, mode={self.mode!r}, '
                f'attn_impl={self.attn_impl!r}, attn_drop={self.attn_drop}')

    def _attend(self, x):
        """Self-attention over axis -2 of ``x`` (..., L, C)."""
        *lead, length, dim = x.shape
        b = math.prod(lead)
        qkv = self.qkv(x).reshape(b, length, 3, self.num_heads,
                                  self.head_dim)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # (b, H, L, d) each
        drop = self.attn_drop if self.training else 0.0
        if self.attn_impl == 'sdpa':
            out = F.scaled_dot_product_attention(q, k, v, dropout_p=drop,
                                                 scale=self.scale)
        else:
            out = explicit_attention(q, k, v, self.scale, drop,
                                     self.training)
        out = out.transpose(1, 2).reshape(*lead, length, dim)
        return out

    def forward(self, x):
        """``x``: (B, T, V, C) -> (B, T, V, C)."""
        if x.dim() != 4:
            raise ValueError('Attention expects tokens (B, T, V, C), got '
                             f'shape {tuple(x.shape)}')
        if self.mode == 'spatial':
            out = self._attend(x)
        elif self.mode == 'temporal':
            out = self._attend(x.transpose(1, 2)).transpose(1, 2)
        else:
            b, t, v, c = x.shape
            out = self._attend(x.reshape(b, t * v, c)).reshape(b, t, v, c)
        return self.proj_drop(self.proj(out))


def set_attn_impl(module: nn.Module, attn_impl: str) -> nn.Module:
    """Switch every :class:`Attention` inside ``module`` to ``attn_impl``
    (``'sdpa'`` or ``'explicit'``); returns ``module``."""
    _check_impl(attn_impl)
    for m in module.modules():
        if isinstance(m, Attention):
            m.attn_impl = attn_impl
    return module


def init_vit_weights(m: nn.Module, linear: str = 'trunc_normal'):
    """ViT-style init: Linear weights trunc-normal(std .02) in [-2, 2] (or
    Xavier-uniform with ``linear='xavier'``), biases 0, LayerNorm 1/0."""
    if isinstance(m, nn.Linear):
        if linear == 'xavier':
            nn.init.xavier_uniform_(m.weight)
        else:
            nn.init.trunc_normal_(m.weight, std=0.02, a=-2.0, b=2.0)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.LayerNorm):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)
