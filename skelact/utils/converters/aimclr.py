"""Checkpoints of the CrosSCLR / SkeletonCLR / AimCLR / HiCLR code.

Their files are a flat state dict (``torchlight``'s ``save_model``):
``encoder_q.*`` and ``encoder_k.*`` (an ST-GCN whose ``fc`` is the
pretraining projector ``fc.0`` / ``fc.2`` or, after linear evaluation, a
classifier ``fc``), ``queue`` (D, K) and ``queue_ptr``; edge importances
are ``edge_importance.{i}`` (ParameterList) or ``edge_importance{i+1}``.

skelact names: ``backbone.*`` (``st_gcn_networks`` -> ``blocks``),
``projector.{0,2}``, ``momentum_encoder.{backbone,projector}.*``, ``queue``
(K, D), ``queue_ptr``; a classifier ``fc`` becomes ``head.fc``. The graph
buffers ``A`` are derived from the layout and dropped (after checking they
equal skelact's graph).
"""
import re
from typing import Optional

import torch

from .base import CheckpointSource, register_source, state_of

__all__ = ['AimCLRSource']

_EDGE = re.compile(r'^edge_importance\.?(\d+)$')


def _encoder_key(key: str, numbered_from_one: bool) -> Optional[str]:
    """Map a key inside an encoder (no prefix) to skelact's backbone key;
    None for the projector/classifier ``fc``."""
    if key.startswith('st_gcn_networks.'):
        return 'blocks.' + key[len('st_gcn_networks.'):]
    m = _EDGE.match(key)
    if m:
        i = int(m.group(1)) - (1 if numbered_from_one else 0)
        return f'edge_importance.{i}'
    if key.startswith('data_bn.'):
        return key
    return None


def map_stgcn_encoder(sub: dict, enc: str, prefix: str, out: dict,
                      dropped: dict, family: str) -> dict:
    """Map one authors' ST-GCN encoder (``sub``: its state without the
    ``enc.`` prefix) into ``out`` under ``prefix``; its graph ``A`` is
    checked and dropped (skelact derives it from the layout). Returns the
    encoder's ``fc.*`` tensors (projector or classifier), left to the
    caller."""
    one_based = any(re.match(r'^edge_importance\d+$', k) for k in sub) \
        and 'edge_importance0' not in sub
    for key, value in sub.items():
        if key == 'A':
            AimCLRSource._check_graph(value, f'{enc}.A')
            dropped[f'{enc}.A'] = 'graph derived from the layout'
            continue
        if key.startswith('fc.'):
            continue
        new = _encoder_key(key, one_based)
        if new is None:
            raise KeyError(f'{enc}.{key}: no skelact counterpart '
                           f'(unknown {family} parameter)')
        out[prefix + new] = value
    return {k: v for k, v in sub.items() if k.startswith('fc.')}


@register_source
class AimCLRSource(CheckpointSource):
    """SkeletonCLR / CrosSCLR / AimCLR / HiCLR ST-GCN checkpoints."""

    name = 'aimclr'

    def detect(self, ckpt: dict) -> bool:
        keys = [k[len('module.'):] if k.startswith('module.') else k
                for k in state_of(ckpt)]
        # a top-level mask_param is HiCLR's pretraining file (hiclr.py)
        return any(k.startswith('encoder_q.') for k in keys) and \
            any('st_gcn_networks' in k for k in keys) and \
            'mask_param' not in keys and \
            not any(k.startswith(('encoder_q_motion.', 'encoder_q_bone.'))
                    for k in keys)  # CrosSCLR multi-view files: crossclr.py


    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        state = {k.replace('module.', '', 1) if k.startswith('module.')
                 else k: v for k, v in state_of(ckpt).items()}
        out, dropped = {}, {}
        for enc, target in (('encoder_q', ''),
                            ('encoder_k', 'momentum_encoder.')):
            sub = {k[len(enc) + 1:]: v for k, v in state.items()
                   if k.startswith(enc + '.')}
            if not sub:
                continue
            fc = map_stgcn_encoder(sub, enc, f'{target}backbone.', out,
                                   dropped, 'AimCLR-family')
            if {'fc.0.weight', 'fc.2.weight'} <= set(fc):
                for k, v in fc.items():
                    out[f'{target}projector.{k[3:]}'] = v
            elif {'fc.weight', 'fc.bias'} == set(fc):
                if target:
                    raise KeyError('encoder_k has a classifier fc; expected '
                                   'a projector fc.0 / fc.2')
                out['head.fc.weight'] = fc['fc.weight']
                out['head.fc.bias'] = fc['fc.bias']
            elif fc:
                raise KeyError(f'{enc}.fc: unexpected keys {sorted(fc)}')
        if 'queue' in state:
            out['queue'] = state['queue'].t().contiguous()  # (D, K) -> (K, D)
        if 'queue_ptr' in state:
            out['queue_ptr'] = state['queue_ptr'].reshape(1).long()
        unknown = [k for k in state if not k.startswith(
            ('encoder_q.', 'encoder_k.', 'queue'))]
        if unknown:
            hint = ("; the file looks like a 'hiclr' checkpoint (HiCLR's "
                    'joint mask token): convert it with --source hiclr'
                    if 'mask_param' in unknown else '')
            if any(k.startswith(('encoder_q_motion.', 'encoder_q_bone.'))
                   for k in unknown):
                hint = ('; the file looks like a CrosSCLR multi-view '
                        'checkpoint: convert it with --source '
                        'crossclr_3views (or crossclr_2views)')
            raise KeyError(f'unexpected keys {unknown[:8]} for the '
                           f'{self.name} source{hint}')
        if not any(k.startswith('backbone.') for k in out):
            raise KeyError('no encoder_q.* weights found')
        return dict(state_dict=out,
                    meta=dict(stream=stream, dropped=dropped,
                              kind='linear' if 'head.fc.weight' in out
                              else 'pretrain'))

    @staticmethod
    def _check_graph(A: torch.Tensor, where: str):
        from skelact.models.layers.graph import Graph
        ours = torch.from_numpy(Graph('nturgb+d', 'spatial').A)
        if A.shape != ours.shape or not torch.allclose(A.float(), ours,
                                                       atol=1e-6):
            raise ValueError(
                f'{where}: the checkpoint\'s graph (shape {tuple(A.shape)}) '
                'differs from the NTU spatial graph skelact builds; convert '
                'only NTU-layout ST-GCN checkpoints with this source')
