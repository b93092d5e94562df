"""Checkpoints of CrosSCLR's multi-view models (LinguoLi/CrosSCLR
``net/crossclr_3views.py`` and ``net/crossclr.py``).

Their files are a flat state dict, one ST-GCN per stream and side:
``encoder_q``, ``encoder_q_motion``, ``encoder_q_bone`` (query) and
``encoder_k``, ``encoder_k_motion``, ``encoder_k_bone`` (key), queues
``queue``, ``queue_motion``, ``queue_bone`` (D, K) with pointers
``queue_ptr``, ``queue_ptr_motion``, ``queue_ptr_bone``. The pretraining
projector of the joint stream is ``fc.0`` / ``fc.2``; the motion / bone
projectors are ``fc.0`` and ``fc.2.{0,2}``, the latter the very module of
the joint projector (their tensors are equal to ``encoder_q.fc.*``). After
linear evaluation each ``encoder_q*.fc`` is a classifier.

skelact names (:class:`~skelact.models.algorithms.CrosSCLR`):
``backbone.encoders.<stream>.*``, ``projector.streams.<stream>.*``,
``momentum_encoder.{backbone,projector}.…``, ``queue`` (S, K, D),
``queue_ptr``; classifiers ``head.fc.<i>.*`` of
:class:`~skelact.models.heads.MultiStreamLinearHead`, in stream order.
"""
from typing import Optional

import torch

from .aimclr import map_stgcn_encoder
from .base import CheckpointSource, register_source, state_of

__all__ = ['CrosSCLR3ViewSource', 'CrosSCLR2ViewSource', 'looks_like']

_SUFFIX = {'joint': '', 'motion': '_motion', 'bone': '_bone'}


def _strip(ckpt: dict) -> dict:
    return {k[len('module.'):] if k.startswith('module.') else k: v
            for k, v in state_of(ckpt).items()}


def looks_like(keys) -> str:
    """Which authors' layout a set of keys resembles (for messages)."""
    keys = list(keys)

    def has(prefix):
        return any(k.startswith(prefix) for k in keys)

    if has('encoder_q_bone.'):
        return ("a CrosSCLR 3-view file (net/crossclr_3views.py; "
                "--source crossclr_3views)")
    if has('encoder_q_motion.'):
        return ("a CrosSCLR 2-view file (net/crossclr.py; "
                "--source crossclr_2views)")
    if 'mask_param' in keys or has('encoder_q.edge_importance1'):
        return 'a HiCLR file (one stream)'
    if has('encoder_q.'):
        return ('a single-stream SkeletonCLR / AimCLR file '
                '(--source aimclr)')
    if has('backbone.'):
        return 'a skelact or mmengine checkpoint (no conversion needed)'
    return 'no known layout'


class _CrosSCLRSource(CheckpointSource):
    """CrosSCLR multi-view checkpoints of the streams ``streams``."""

    streams = ()

    def detect(self, ckpt: dict) -> bool:
        keys = list(_strip(ckpt))
        has = {s: any(k.startswith(f'encoder_q{_SUFFIX[s]}.') for k in keys)
               for s in _SUFFIX}
        return all(has[s] for s in self.streams) and \
            not any(has[s] for s in _SUFFIX if s not in self.streams)

    def _check_family(self, state: dict):
        """Every stream's query encoder, all or none of the key encoders
        and queues, nothing else; else a KeyError naming the keys and the
        layout the file looks like."""
        groups = [f'encoder_q{_SUFFIX[s]}.' for s in self.streams]
        optional = [[f'encoder_k{_SUFFIX[s]}.' for s in self.streams],
                    [f'queue{_SUFFIX[s]}' for s in self.streams]]
        present = {g for g in groups + sum(optional, [])
                   if any(k == g or k.startswith(g) for k in state)}
        missing = [g for g in groups if g not in present]
        for opt in optional:
            if present & set(opt):
                missing += [g for g in opt if g not in present]
        known = tuple(groups + sum(optional, []) +
                      [f'queue_ptr{_SUFFIX[s]}' for s in self.streams])
        unexpected = [k for k in state if not (
            k in known or k.startswith(tuple(g for g in known
                                             if g.endswith('.'))))]
        if missing or unexpected:
            parts = []
            if missing:
                parts.append('missing ' + ', '.join(
                    g + ('*' if g.endswith('.') else '') for g in missing))
            if unexpected:
                parts.append(f'unexpected keys {unexpected[:6]}' +
                             (f' (+{len(unexpected) - 6})'
                              if len(unexpected) > 6 else ''))
            raise KeyError(
                f'{self.name} source ({len(self.streams)} streams: '
                f'{", ".join(self.streams)}): {"; ".join(parts)}; the file '
                f'looks like {looks_like(state)}')

    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        state = _strip(ckpt)
        self._check_family(state)
        out, dropped, heads = {}, {}, {}
        for i, s in enumerate(self.streams):
            for side, target in (('encoder_q', ''),
                                 ('encoder_k', 'momentum_encoder.')):
                enc = side + _SUFFIX[s]
                sub = {k[len(enc) + 1:]: v for k, v in state.items()
                       if k.startswith(enc + '.')}
                if sub:
                    self._encoder(sub, enc, target, s, i, out, dropped,
                                  heads)
        if heads:
            if set(heads) != set(range(len(self.streams))):
                raise KeyError('a classifier fc in only some of the query '
                               'encoders; expected one per stream')
            for i, fc in heads.items():
                out[f'head.fc.{i}.weight'] = fc['fc.weight']
                out[f'head.fc.{i}.bias'] = fc['fc.bias']
        queues = [f'queue{_SUFFIX[s]}' for s in self.streams]
        if all(q in state for q in queues):
            out['queue'] = torch.stack(
                [state[q].t() for q in queues]).contiguous()  # (S, K, D)
            ptrs = {int(state[f'queue_ptr{_SUFFIX[s]}'].reshape(-1)[0])
                    for s in self.streams
                    if f'queue_ptr{_SUFFIX[s]}' in state}
            if len(ptrs) > 1:
                raise ValueError(f'the queue pointers differ ({sorted(ptrs)})'
                                 '; the authors move them together')
            if ptrs:
                out['queue_ptr'] = torch.tensor([ptrs.pop()],
                                                dtype=torch.long)
        return dict(state_dict=out, meta=dict(
            stream=stream or 'joint', dropped=dropped,  # the input's
            streams=list(self.streams),
            kind='linear' if heads else 'pretrain'))

    def _encoder(self, sub, enc, target, s, i, out, dropped, heads):
        fc = map_stgcn_encoder(sub, enc, f'{target}backbone.encoders.{s}.',
                               out, dropped, 'CrosSCLR')
        if set(fc) == {'fc.weight', 'fc.bias'}:
            if target:
                raise KeyError(f'{enc} has a classifier fc; expected a '
                               'projector')
            heads[i] = fc
            return
        want = {'fc.0.weight', 'fc.0.bias', 'fc.2.weight', 'fc.2.bias'} \
            if i == 0 else {'fc.0.weight', 'fc.0.bias', 'fc.2.0.weight',
                            'fc.2.0.bias', 'fc.2.2.weight', 'fc.2.2.bias'}
        if set(fc) != want:
            raise KeyError(f'{enc}.fc: keys {sorted(fc)}, expected '
                           f'{sorted(want)} (the authors\' mlp projector)')
        first = self.streams[0]
        for k, v in fc.items():
            if i and k.startswith('fc.2.'):
                shared = enc.rsplit('_', 1)[0] + '.fc.' + k[len('fc.2.'):]
                ref = out.get(f'{target}projector.streams.{first}.'
                              f'{k[len("fc.2."):]}')
                if ref is not None and not torch.equal(ref, v):
                    raise ValueError(
                        f'{enc}.{k} differs from {shared}: the authors\' '
                        'motion / bone projectors end in the joint projector '
                        'module, so the two must be equal')
            out[f'{target}projector.streams.{s}.{k[3:]}'] = v


@register_source
class CrosSCLR3ViewSource(_CrosSCLRSource):
    """CrosSCLR 3-view (joint, motion, bone) checkpoints."""
    name = 'crossclr_3views'
    streams = ('joint', 'motion', 'bone')


@register_source
class CrosSCLR2ViewSource(_CrosSCLRSource):
    """CrosSCLR 2-view (joint, motion) checkpoints."""
    name = 'crossclr_2views'
    streams = ('joint', 'motion')
