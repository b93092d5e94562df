"""MAMP checkpoints (maoyunyao/MAMP) into skelact naming.

The authors save ``checkpoint-{epoch}.pth`` = ``{'model': state dict
(no ``module.`` prefix), 'optimizer', 'epoch', 'scaler', 'args'}``
(``util/misc.py::save_model``, MAE's). The state dict of the pretraining
model (``model_mamp/transformer.py``) maps onto skelact's :class:`MAMP`:

- the encoder -- ``joints_embed.proj.*``, ``pos_embed``, ``temp_embed``,
  ``blocks.{i}.{norm1,attn.qkv,attn.proj,norm2,mlp.fc1,mlp.fc2}.*``,
  ``norm.*`` -- to ``backbone.<same name>`` (skelact's
  :class:`SkeletonTransformer` uses MAMP's names), which the derived
  linear / finetune / semi protocols load (prefix ``backbone.``);
- the decoder -- ``decoder_embed``, ``mask_token``, ``decoder_blocks``,
  ``decoder_norm``, ``decoder_pos_embed``, ``decoder_temp_embed``,
  ``decoder_pred`` -- to ``decoder.{embed, mask_token, blocks, norm,
  pos_embed, temp_embed, pred}``.

Checkpoints of the authors' linear probe and fine-tuning carry a head:
``head.fc.0.*`` (the non-affine BatchNorm) -> ``head.feature_norm.*``,
``head.fc.1.*`` -> ``head.fc.*`` (``LinearHead(feature_norm='batchnorm')``),
``head.fc.*`` -> ``head.fc.*``, ``head.{fc1,bn,fc2}.*`` -> the same names of
``ActionHeadClassification``.

``optimizer`` and ``scaler`` are not converted; ``epoch`` and the plain
values of ``args`` go into the meta. Unknown keys raise. A temporal patch
size other than the model's cannot be converted (the patch embedding's
kernel would change); a different clip length can: the temporal
embeddings are resized bicubically (the authors' ``interpolate_temp_embed``).
"""
from collections import OrderedDict
from typing import Optional

import torch
import torch.nn.functional as F

from .base import CheckpointSource, register_source

__all__ = ['MAMPSource', 'MAMP_ENCODER_KEYS', 'MAMP_DECODER_KEYS',
           'convert_mamp_state', 'interpolate_temp_embed']

MAMP_ENCODER_KEYS = ('joints_embed', 'pos_embed', 'temp_embed', 'blocks',
                     'norm')
# the authors' decoder names -> MAMPDecoder's
MAMP_DECODER_KEYS = {'decoder_embed': 'embed', 'mask_token': 'mask_token',
                     'decoder_blocks': 'blocks', 'decoder_norm': 'norm',
                     'decoder_pos_embed': 'pos_embed',
                     'decoder_temp_embed': 'temp_embed',
                     'decoder_pred': 'pred'}
_HEAD = {'head.fc.0.': 'head.feature_norm.', 'head.fc.1.': 'head.fc.',
         'head.fc.': 'head.fc.', 'head.fc1.': 'head.fc1.',
         'head.bn.': 'head.bn.', 'head.fc2.': 'head.fc2.'}
_PATCH_KEY = 'joints_embed.proj.weight'


def _strip(key: str) -> str:
    return key[len('module.'):] if key.startswith('module.') else key


def interpolate_temp_embed(embed: torch.Tensor, length: int) -> torch.Tensor:
    """(1, T', 1, D) -> (1, length, 1, D), bicubic, ``align_corners=False``
    (MAMP's ``util/pos_embed.py::interpolate_temp_embed``)."""
    if embed.shape[1] == length:
        return embed
    x = embed.permute(0, 3, 1, 2).float()  # (1, D, T', 1)
    x = F.interpolate(x, size=(length, 1), mode='bicubic',
                      align_corners=False)
    return x.permute(0, 2, 3, 1).to(embed.dtype).contiguous()


def _rename(key: str) -> str:
    top = key.split('.', 1)[0]
    if top in MAMP_ENCODER_KEYS:
        return 'backbone.' + key
    if top in MAMP_DECODER_KEYS:
        rest = key[len(top):]
        return 'decoder.' + MAMP_DECODER_KEYS[top] + rest
    for old, new in _HEAD.items():  # longest prefixes first
        if key.startswith(old):
            return new + key[len(old):]
    raise KeyError(
        f'mamp: model key {key!r} is not a MAMP parameter (expected one '
        f'under {MAMP_ENCODER_KEYS + tuple(MAMP_DECODER_KEYS)} or head.*)')


def _patch_size(state: dict, where: str, t_patch_size: Optional[int]):
    weight = state.get(_PATCH_KEY)
    if weight is None or weight.dim() != 4:
        raise KeyError(f'{where}: the checkpoint has no {_PATCH_KEY} '
                       '(D, C, t_patch_size, patch_size)')
    u, p = int(weight.shape[2]), int(weight.shape[3])
    if p != 1:
        raise ValueError(f'{where}: {_PATCH_KEY} has spatial patch size {p}; '
                         "skelact's SkeletonTransformer embeds one joint per "
                         'token (patch_size 1)')
    if t_patch_size is not None and u != int(t_patch_size):
        raise ValueError(
            f'{where}: {_PATCH_KEY} has temporal patch size {u} '
            f'(shape {tuple(weight.shape)}), the model expects '
            f't_patch_size={t_patch_size} (config key '
            f'model.backbone.t_patch_size); set it to {u} -- a patch size '
            'cannot be converted')
    return u


def convert_mamp_state(state: dict, t_patch_size: Optional[int] = None,
                       num_frames: Optional[int] = None,
                       where: str = 'mamp') -> OrderedDict:
    """MAMP state dict -> skelact naming; with ``num_frames`` the temporal
    embeddings are resized to ``num_frames // t_patch_size`` tokens."""
    state = {_strip(k): v for k, v in state.items()}
    u = _patch_size(state, where, t_patch_size)
    if num_frames is not None and num_frames % u:
        raise ValueError(f'{where}: num_frames {num_frames} is not a '
                         f'multiple of the temporal patch size {u}')
    out = OrderedDict()
    for key, value in state.items():
        if num_frames is not None and key in ('temp_embed',
                                              'decoder_temp_embed'):
            value = interpolate_temp_embed(value, num_frames // u)
        out[_rename(key)] = value
    return out


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return repr(value)


@register_source
class MAMPSource(CheckpointSource):
    """``{'model': {<MAMP key>: tensor}, 'optimizer', 'epoch', 'scaler',
    'args'}`` -> ``backbone.*``, ``decoder.*`` (, ``head.*``)."""

    name = 'mamp'

    def detect(self, ckpt: dict) -> bool:
        state = ckpt.get('model')
        if not isinstance(state, dict):
            return False
        keys = {_strip(k) for k in state}
        return _PATCH_KEY in keys and 'temp_embed' in keys and \
            any(k.startswith('blocks.') for k in keys) and \
            not any(k.startswith('blocks_st.') for k in keys)

    def convert(self, ckpt: dict, stream: Optional[str] = None,
                t_patch_size: Optional[int] = None,
                num_frames: Optional[int] = None) -> dict:
        if stream not in (None, 'joint'):
            raise ValueError('mamp: the released MAMP models are joint-'
                             f'stream models; got stream={stream!r}')
        state = ckpt.get('model')
        if not isinstance(state, dict):
            raise KeyError('mamp: the checkpoint has no "model" state dict '
                           f'(top-level keys: {sorted(ckpt)})')
        out = convert_mamp_state(state, t_patch_size, num_frames)
        meta = dict(dropped={k: 'optimiser / loss-scaler state, not '
                             'converted' for k in ('optimizer', 'scaler')
                             if k in ckpt})
        if isinstance(ckpt.get('epoch'), int):
            meta['epoch'] = ckpt['epoch']
        args = ckpt.get('args')
        if args is not None:
            meta['args'] = _plain(vars(args) if hasattr(args, '__dict__')
                                  else args)
        return dict(state_dict=out, meta=meta)
