"""Layer-wise learning-rate decay for fine-tuning transformers (BEiT / MAE,
used by MAMP's ``main_finetune.py`` through ``util/lr_decay.py``).

With ``L = depth + 1`` "layers": the patch embedding and the spatial /
temporal position embeddings are layer 0, block ``i`` is layer ``i + 1``,
everything else (the encoder's final norm, the head) is layer ``L``. A
parameter of layer ``l`` trains at ``lr * decay ** (L - l)`` (MAMP: decay
0.8, depth 8, so the embeddings get ``0.8 ** 9 = 0.134`` of the head's
rate). Every 1-D parameter (biases, norm weights) has no weight decay, the
rest the optimiser's ``weight_decay`` (MAMP: 0.05; its position embeddings
are decayed).

The schedule multiplies every group's rate alike: MAMP's half-cosine to
``min_lr`` is ``CosineAnnealingLR(eta_min_ratio=min_lr / lr)``, which keeps
each group at ``scale * (min_lr + (lr - min_lr) * cos)`` as the authors'
``adjust_learning_rate`` does.
"""
from typing import List

import torch.nn as nn
from mmengine.optim import DefaultOptimWrapperConstructor

from skelact.registry import OPTIM_WRAPPER_CONSTRUCTORS

__all__ = ['LayerDecayOptimWrapperConstructor', 'layer_id',
           'layer_decay_groups']

_EMBEDS = ('joints_embed', 'pos_embed', 'temp_embed')


def layer_id(name: str, num_layers: int, prefix: str = 'backbone.') -> int:
    """The layer of parameter ``name`` (see the module docstring)."""
    if name.startswith(prefix):
        rest = name[len(prefix):]
        if rest.split('.', 1)[0] in _EMBEDS:
            return 0
        if rest.startswith('blocks.'):
            return int(rest.split('.')[1]) + 1
    return num_layers


def layer_decay_groups(model: nn.Module, lr: float, weight_decay: float,
                       decay_rate: float, prefix: str = 'backbone.'
                       ) -> List[dict]:
    """Parameter groups ``{'params', 'lr', 'weight_decay', 'lr_scale',
    'layer_id'}`` of the trainable parameters, in MAMP's order (first
    appearance of each (layer, decay) pair)."""
    backbone = model
    for part in prefix.strip('.').split('.') if prefix else []:
        backbone = getattr(backbone, part, None)
    blocks = getattr(backbone, 'blocks', None)
    if blocks is None:
        raise ValueError(
            'LayerDecayOptimWrapperConstructor: the model has no '
            f'`{prefix}blocks` (a transformer backbone is needed; config key '
            'optim_wrapper.paramwise_cfg.backbone_prefix)')
    num_layers = len(blocks) + 1
    groups = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        lid = layer_id(name, num_layers, prefix)
        no_decay = param.ndim == 1
        key = (lid, no_decay)
        if key not in groups:
            scale = decay_rate ** (num_layers - lid)
            groups[key] = dict(params=[], lr=lr * scale, lr_scale=scale,
                               weight_decay=0.0 if no_decay
                               else weight_decay, layer_id=lid)
        groups[key]['params'].append(param)
    return list(groups.values())


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class LayerDecayOptimWrapperConstructor(DefaultOptimWrapperConstructor):
    """Optimiser constructor with layer-wise learning-rate decay.

    ``optim_wrapper = dict(constructor='LayerDecayOptimWrapperConstructor',
    optimizer=dict(type='AdamW', lr=3e-4, weight_decay=0.05),
    paramwise_cfg=dict(layer_decay_rate=0.8))``.

    ``paramwise_cfg``: ``layer_decay_rate`` (MAMP: 0.8; 1.0 = no decay,
    the authors' from-scratch runs) and ``backbone_prefix`` (default
    ``'backbone.'``).
    """

    def __init__(self, optim_wrapper_cfg: dict, paramwise_cfg=None):
        paramwise_cfg = dict(paramwise_cfg or {})
        rate = paramwise_cfg.pop('layer_decay_rate', 0.8)
        if not 0 < float(rate) <= 1:
            raise ValueError('LayerDecayOptimWrapperConstructor: '
                             'paramwise_cfg.layer_decay_rate must be in (0, '
                             f'1], got {rate!r}')
        self.layer_decay_rate = float(rate)
        self.backbone_prefix = paramwise_cfg.pop('backbone_prefix',
                                                 'backbone.')
        if paramwise_cfg:
            raise ValueError('LayerDecayOptimWrapperConstructor: unknown '
                             f'paramwise_cfg keys {sorted(paramwise_cfg)}; '
                             'expected layer_decay_rate, backbone_prefix')
        super().__init__(optim_wrapper_cfg, None)
        # non-empty, so that the base class calls add_params
        self.paramwise_cfg = dict(layer_decay_rate=self.layer_decay_rate)

    def add_params(self, params: List[dict], module: nn.Module, **kwargs):
        params.extend(layer_decay_groups(
            module, self.base_lr, self.base_wd or 0.0,
            self.layer_decay_rate, self.backbone_prefix))
