"""MotionBERT checkpoints (Walter0807/MotionBERT) into skelact naming.

Two layouts, both saved from ``nn.DataParallel`` models (``module.``
prefixes):

- ``motionbert`` -- pretrained / pose checkpoints
  (``{'epoch', 'lr', 'optimizer', 'model_pos': DSTformer state, ...}``):
  ``module.<name>`` -> ``backbone.<name>`` (skelact's
  :class:`~skelact.models.backbones.DSTformer` uses MotionBERT's parameter
  names, including the unused 3D-lifting ``head``; build it with
  ``dim_out=3`` to load strictly).
- ``motionbert_action`` -- action-finetuned checkpoints
  (``{'epoch', 'lr', 'optimizer', 'model': ActionNet state, 'best_acc'}``):
  ``module.backbone.<name>`` -> ``backbone.<name>`` and
  ``module.head.{fc1,bn,fc2}.*`` -> ``head.{fc1,bn,fc2}.*`` (skelact's
  :class:`~skelact.models.heads.ActionHeadClassification` has the same
  parameter names; ``bn`` buffers included).

Optimizer state is not converted; ``epoch`` and ``best_acc`` go into the
meta. Unknown keys raise: nothing is silently dropped.
"""
from collections import OrderedDict
from typing import Optional

from .base import CheckpointSource, register_source

__all__ = ['MotionBERTPretrained', 'MotionBERTAction', 'DSTFORMER_KEYS']

# top-level parameter / module names of MotionBERT's DSTformer
DSTFORMER_KEYS = ('joints_embed', 'pos_embed', 'temp_embed', 'blocks_st',
                  'blocks_ts', 'norm', 'pre_logits', 'head', 'ts_attn')
ACTION_HEAD_KEYS = ('fc1', 'bn', 'fc2')


def _strip_module(key: str) -> str:
    return key[len('module.'):] if key.startswith('module.') else key


def _top(key: str) -> str:
    return key.split('.', 1)[0]


def _is_dstformer_state(state: dict) -> bool:
    keys = {_strip_module(k) for k in state}
    return 'joints_embed.weight' in keys and 'temp_embed' in keys and \
        any(k.startswith('blocks_st.') for k in keys)


def _meta(ckpt: dict, *names):
    """Scalar entries (numbers or one-element tensors, e.g. MotionBERT's
    ``best_acc``) as Python numbers."""
    meta = {}
    for n in names:
        v = ckpt.get(n)
        if hasattr(v, 'numel') and v.numel() == 1:
            v = v.item()
        if isinstance(v, (int, float)):
            meta[n] = v
    return meta


def _check_stream(name, stream):
    if stream not in (None, 'joint'):
        raise ValueError(f'{name}: MotionBERT checkpoints have one stream; '
                         f'got stream={stream!r}')


@register_source
class MotionBERTPretrained(CheckpointSource):
    """``{'model_pos': {module.<DSTformer key>: tensor}}`` -> ``backbone.*``."""

    name = 'motionbert'

    def detect(self, ckpt: dict) -> bool:
        state = ckpt.get('model_pos')
        return isinstance(state, dict) and _is_dstformer_state(state)

    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        _check_stream(self.name, stream)
        state = ckpt.get('model_pos')
        if not isinstance(state, dict):
            raise KeyError('motionbert: the checkpoint has no "model_pos" '
                           f'state dict (top-level keys: {sorted(ckpt)})')
        out = OrderedDict()
        for key, value in state.items():
            name = _strip_module(key)
            if _top(name) not in DSTFORMER_KEYS:
                raise KeyError(f'motionbert: model_pos key {key!r} is not a '
                               f'DSTformer parameter (expected one under '
                               f'{DSTFORMER_KEYS})')
            out['backbone.' + name] = value
        meta = dict(_meta(ckpt, 'epoch', 'min_loss'), dropped={})
        return dict(state_dict=out, meta=meta)


@register_source
class MotionBERTAction(CheckpointSource):
    """``{'model': {module.backbone.*, module.head.{fc1,bn,fc2}.*}}`` ->
    ``backbone.*``, ``head.*``."""

    name = 'motionbert_action'

    def detect(self, ckpt: dict) -> bool:
        state = ckpt.get('model')
        if not isinstance(state, dict):
            return False
        keys = [_strip_module(k) for k in state]
        backbone = {k[len('backbone.'):]: None for k in keys
                    if k.startswith('backbone.')}
        return _is_dstformer_state(backbone) and \
            any(k.startswith('head.fc1.') for k in keys)

    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        _check_stream(self.name, stream)
        state = ckpt.get('model')
        if not isinstance(state, dict):
            raise KeyError('motionbert_action: the checkpoint has no "model" '
                           f'state dict (top-level keys: {sorted(ckpt)})')
        out = OrderedDict()
        for key, value in state.items():
            name = _strip_module(key)
            part, _, rest = name.partition('.')
            ok = (part == 'backbone' and _top(rest) in DSTFORMER_KEYS) or \
                (part == 'head' and _top(rest) in ACTION_HEAD_KEYS)
            if not ok:
                raise KeyError(
                    f'motionbert_action: model key {key!r} is neither '
                    f'module.backbone.<{"|".join(DSTFORMER_KEYS)}>.* nor '
                    f'module.head.<{"|".join(ACTION_HEAD_KEYS)}>.*')
            out[name] = value
        meta = dict(_meta(ckpt, 'epoch', 'best_acc'), dropped={})
        return dict(state_dict=out, meta=meta)
