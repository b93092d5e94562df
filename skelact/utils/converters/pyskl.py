"""pyskl's PoseConv3D checkpoints (kennymckormick/pyskl) into skelact
naming.

pyskl saves mmcv checkpoints ``{'meta': {...}, 'state_dict': {...},
'optimizer': ...}`` of a ``Recognizer3D``: ``backbone.<ResNet3dSlowOnly
key>`` (mmcv ``ConvModule`` names: ``conv1.conv.weight``,
``layer1.0.conv2.bn.running_var``, ``layer1.0.downsample.conv.weight``,
...) and ``cls_head.fc_cls.{weight,bias}``. skelact's
:class:`~skelact.models.backbones.ResNet3dSlowOnly` keeps pyskl's names,
so ``backbone.*`` stays as it is and ``cls_head.fc_cls.*`` becomes
``head.fc.*`` (:class:`~skelact.models.heads.I3DHead`). The optimizer
state is not converted; unknown keys raise.
"""
import re
from collections import OrderedDict
from typing import Optional

from .base import CheckpointSource, register_source, state_of

__all__ = ['PysklPoseConv3D']

# backbone keys of pyskl's ResNet3d: the stem, or layerX.Y.<conv>.<conv|bn>
_BACKBONE = re.compile(
    r'^backbone\.(conv1\.(conv|bn)|layer\d+\.\d+\.(conv\d|downsample)\.'
    r'(conv|bn))\.(weight|bias|running_mean|running_var|'
    r'num_batches_tracked)$')
_HEAD = {'cls_head.fc_cls.weight': 'head.fc.weight',
         'cls_head.fc_cls.bias': 'head.fc.bias'}


@register_source
class PysklPoseConv3D(CheckpointSource):
    """``{'state_dict': {backbone.*, cls_head.fc_cls.*}}`` (a 3D CNN) ->
    ``backbone.*``, ``head.fc.*``."""

    name = 'pyskl'

    def detect(self, ckpt: dict) -> bool:
        state = ckpt.get('state_dict')
        if not isinstance(state, dict):
            return False
        stem = state.get('backbone.conv1.conv.weight')
        return 'cls_head.fc_cls.weight' in state and \
            getattr(stem, 'dim', lambda: 0)() == 5

    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        if stream not in (None, 'joint'):
            raise ValueError(f'pyskl: a PoseConv3D checkpoint has no '
                             f'skeleton stream; got stream={stream!r} (joint '
                             'and limb heatmaps are separate checkpoints)')
        if not isinstance(ckpt.get('state_dict'), dict):
            raise KeyError('pyskl: the checkpoint has no "state_dict" '
                           f'(top-level keys: {sorted(ckpt)})')
        out = OrderedDict()
        for key, value in state_of(ckpt).items():
            if key in _HEAD:
                out[_HEAD[key]] = value
            elif _BACKBONE.match(key):
                out[key] = value
            else:
                raise KeyError(
                    f'pyskl: state_dict key {key!r} is neither a ResNet3d '
                    'backbone key (backbone.conv1.* / backbone.layerX.Y.*) '
                    'nor cls_head.fc_cls.*')
        meta = dict(dropped={})
        old = ckpt.get('meta')
        if isinstance(old, dict):
            for k in ('epoch', 'iter', 'mmcv_version', 'time'):
                if isinstance(old.get(k), (int, float, str)):
                    meta['pyskl_' + k] = old[k]
        if 'optimizer' in ckpt:
            meta['dropped']['optimizer'] = 'optimizer state, not converted'
        return dict(state_dict=out, meta=meta)
