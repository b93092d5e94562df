"""Checkpoints of the HiCLR code (JHang2020/HiCLR).

A HiCLR pretraining file is an AimCLR-family flat state dict (see
:mod:`.aimclr`: ``encoder_q.*``, ``encoder_k.*``, ``queue`` (D, K),
``queue_ptr``) whose edge importances are ``edge_importance1`` ...
``edge_importance10`` and which holds the joint mask's learnable scalar
``mask_param`` at the top level. It converts to skelact's ``HiCLR``:
the AimCLR mapping plus ``mask_param`` -> ``mask_token``. HiCLR's
linear-evaluation files have no ``mask_param`` (the authors build the
model with ``pretrain=False``) and convert with the ``aimclr`` source.
"""
from typing import Optional

import torch

from .aimclr import AimCLRSource
from .base import CheckpointSource, register_source, state_of

__all__ = ['HiCLRSource', 'MASK_KEY']

MASK_KEY = 'mask_param'


def _plain(ckpt: dict) -> dict:
    return {k[len('module.'):] if k.startswith('module.') else k: v
            for k, v in state_of(ckpt).items()}


@register_source
class HiCLRSource(CheckpointSource):
    """HiCLR pretraining checkpoints (AimCLR family + ``mask_param``)."""

    name = 'hiclr'

    def detect(self, ckpt: dict) -> bool:
        state = _plain(ckpt)
        return MASK_KEY in state and \
            any(k.startswith('encoder_q.') for k in state)

    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        state = _plain(ckpt)
        if MASK_KEY not in state:
            looks = 'aimclr' if AimCLRSource().detect(ckpt) else 'unknown'
            raise KeyError(
                f"missing keys ['{MASK_KEY}'] for the {self.name} source (a "
                'HiCLR pretraining file holds the joint mask token); the '
                f'file looks like a {looks!r} checkpoint'
                + (' (SkeletonCLR / AimCLR, or a HiCLR linear-evaluation '
                   'file): convert it with --source aimclr'
                   if looks == 'aimclr' else ''))
        token = state.pop(MASK_KEY)
        if token.numel() != 1:
            raise ValueError(f'{MASK_KEY}: expected a scalar (shape (1,)), '
                             f'got shape {tuple(token.shape)}')
        if not any(k.startswith('encoder_k.') for k in state):
            raise KeyError(
                "missing keys ['encoder_k.*', 'queue'] for the hiclr source: "
                'a pretraining file has the momentum encoder and the queue')
        out = AimCLRSource().convert(dict(state), stream=stream)
        out['state_dict']['mask_token'] = token.reshape(1).float()
        # skelact's training-stage buffer, which the authors' files do not
        # carry: the first stage (NNMSwitchHook sets it at every epoch)
        out['state_dict']['nnm_active'] = torch.tensor(False)
        out['meta']['added'] = dict(nnm_active='training stage, first '
                                    '(NNMSwitchHook sets it every epoch)')
        out['meta']['kind'] = 'pretrain'
        return out
