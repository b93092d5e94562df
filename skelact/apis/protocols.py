"""Evaluation protocols derived from a pretraining config.

A pretraining config describes one trained encoder (method, backbone,
stream, data). An evaluation protocol (``linear``, ``knn``, ``finetune``,
``semi1``, ``semi10``, ``actionhead``) is a shared base under
``configs/_base_/protocols/``. :func:`derive_protocol` applies one to the
other:

- from the pretraining config: the encoder (``model.backbone``,
  ``model.neck``, ``model.data_preprocessor``, hence the stream), the
  datasets (``train_dataset``, ``val_dataset``), the ``preprocess`` steps
  every run on this encoder applies, ``num_classes`` and ``custom_imports``;
- from the protocol: the model type and head, the schedule, the loops, the
  evaluator, the loaders' settings, the pipelines after ``preprocess`` and
  the label fraction;
- sized from the encoder: the head's input width (and joint count), read
  off the backbone built on the ``meta`` device.

The result is a plain mmengine config that ``tools/train.py`` and
``tools/test.py`` run as it is (``tools/print_config.py`` writes it).

Protocol files may set, besides ordinary config keys, ``train_pipeline``
and ``eval_pipeline`` (appended to ``preprocess``) and ``protocol_cfg``,
a dict with ``label_fraction`` / ``subset_seed`` (semi-supervised subsets)
and ``backbones`` (the backbone types the protocol applies to).

A pretraining config may set ``protocol_settings``, a dict from protocol
name to config keys merged into that derived run (as a protocol override
file's keys, before them): a method's own evaluation settings (ConMLP's
linear classifier: SGD 0.1, batch 256, iterations) then come with every
config of the method.

A pretraining config of a method with a momentum (key) encoder may set
``eval_encoder = 'momentum'``: the protocols then evaluate the momentum
encoder's backbone (``momentum_encoder.backbone.*`` of the checkpoint)
instead of the query encoder's (``'query'``, the default and the authors'
protocol). The momentum encoder is the exponential moving average of the
query encoder, its BatchNorm statistics gathered on the normal (key)
views only; DINO evaluates its EMA teacher for the same reason. The
derived run records the choice (``eval_encoder``) and
``--cfg-options eval_encoder=query`` switches it back
(:func:`apply_eval_encoder`).
"""
import copy
import inspect
import os
import os.path as osp
from typing import List, Optional

from mmengine.config import Config

__all__ = ['ProtocolError', 'protocol_dir', 'list_protocols',
           'load_protocol', 'protocol_trains', 'model_class',
           'check_derivable', 'derive_protocol', 'encoder_info',
           'EVAL_ENCODERS', 'apply_eval_encoder', 'eval_encoder_prefix']

# keys of a protocol file that describe the derivation, not the run
_PROTOCOL_ONLY = ('train_pipeline', 'eval_pipeline', 'protocol_cfg')
# keys of a pretraining config that a derived run takes over
_DATA_KEYS = ('train_dataset', 'val_dataset', 'num_classes')


# eval_encoder -> the checkpoint prefix of the backbone it evaluates
EVAL_ENCODERS = {'query': 'backbone.',
                 'momentum': 'momentum_encoder.backbone.'}


class ProtocolError(ValueError):
    """A protocol cannot be derived from a config (and why)."""


def eval_encoder_prefix(cfg) -> str:
    """The checkpoint prefix of the encoder a (derived) run evaluates:
    ``backbone.`` unless ``eval_encoder`` names another one."""
    name = cfg.get('eval_encoder') or 'query'
    if name not in EVAL_ENCODERS:
        raise ProtocolError(
            f'{getattr(cfg, "filename", None) or "config"}: eval_encoder '
            f'{name!r} is not one of {sorted(EVAL_ENCODERS)}')
    return EVAL_ENCODERS[name]


def apply_eval_encoder(cfg: Config, pretrain_type: Optional[str] = None):
    """Point the derived run's ``Pretrained`` initialiser at the encoder
    that ``cfg.eval_encoder`` names (after ``--cfg-options``, too);
    ``pretrain_type``: the pretraining model's type, which must have a
    momentum encoder for ``'momentum'``."""
    prefix = eval_encoder_prefix(cfg)
    if prefix != 'backbone.' and pretrain_type is not None and \
            not hasattr(model_class(pretrain_type), 'momentum_update'):
        raise ProtocolError(
            f'eval_encoder={cfg.eval_encoder!r}: {pretrain_type} has no '
            'momentum encoder (only the MoCo family does: SkeletonCLR, '
            'AimCLR, CrosSCLR, HiCLR, ...); use eval_encoder=\'query\'')
    init = (cfg.get('model') or {}).get('backbone', {}).get('init_cfg')
    if init and init.get('type') == 'Pretrained':
        init['prefix'] = prefix


def protocol_dir(config_path: Optional[str] = None) -> str:
    """``configs/_base_/protocols``: next to the config's ``configs/``
    folder when there is one, else in the repository of this package."""
    candidates = []
    if config_path:
        d = osp.dirname(osp.abspath(config_path))
        while d and d != osp.dirname(d):
            candidates.append(osp.join(d, '_base_', 'protocols'))
            d = osp.dirname(d)
    pkg_root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    candidates.append(osp.join(pkg_root, 'configs', '_base_', 'protocols'))
    for c in candidates:
        if osp.isdir(c):
            return c
    raise ProtocolError('cannot find configs/_base_/protocols (looked in '
                        f'{candidates})')


def list_protocols(config_path: Optional[str] = None) -> List[str]:
    """Names of the known protocols (the files of :func:`protocol_dir`)."""
    d = protocol_dir(config_path)
    return sorted(osp.splitext(f)[0] for f in os.listdir(d)
                  if f.endswith('.py') and not f.startswith('_'))


def load_protocol(protocol: str, config_path: Optional[str] = None) -> Config:
    """The protocol's base config; an unknown name lists the known ones."""
    known = list_protocols(config_path)
    if protocol not in known:
        raise ProtocolError(f'unknown protocol {protocol!r}; known '
                            f'protocols: {", ".join(known)}')
    return Config.fromfile(osp.join(protocol_dir(config_path),
                                    protocol + '.py'))


def protocol_trains(protocol: str, config_path: Optional[str] = None) -> bool:
    """Whether the protocol trains (has a ``train_cfg``; KNN does not)."""
    return load_protocol(protocol, config_path).get('train_cfg') is not None


def model_class(type_name: str):
    import skelact.models  # noqa: F401 (registers the models)
    from mmengine.registry import DefaultScope
    from skelact.registry import MODELS
    with DefaultScope.overwrite_default_scope('skelact'):
        cls = MODELS.get(type_name)
    if cls is None:
        raise ProtocolError(f'model type {type_name!r} is not registered')
    return cls


def encoder_info(backbone: dict, neck: Optional[dict] = None) -> dict:
    """Build the encoder on the ``meta`` device (no memory, no weights) and
    read its sizes: ``width`` (the representation's channels, after the
    neck when it sets ``out_channels``), ``num_joints``, ``type``."""
    import torch
    backbone = copy.deepcopy(dict(backbone))
    backbone.pop('init_cfg', None)
    bb_cls = model_class(backbone.pop('type'))
    with torch.device('meta'):
        bb = bb_cls(**backbone)
        width = getattr(bb, 'out_channels', None)
        if neck is not None:
            neck = dict(neck)
            nk = model_class(neck.pop('type'))(**neck)
            width = getattr(nk, 'out_channels', width)
    if width is None:
        raise ProtocolError(
            f'backbone {bb_cls.__name__} has no `out_channels` attribute: '
            'the head cannot be sized from it')
    return dict(type=bb_cls.__name__, width=int(width),
                num_joints=getattr(bb, 'num_joints', None))


def _size_head(head: dict, num_classes: int, info: dict) -> dict:
    """Fill the head's size arguments the protocol left open, by the names
    of its constructor: ``num_classes``; ``in_channels`` / ``dim_rep``
    (the encoder width); ``num_joints``."""
    head = copy.deepcopy(dict(head))
    params = inspect.signature(model_class(head['type']).__init__).parameters
    fill = dict(num_classes=num_classes, in_channels=info['width'],
                dim_rep=info['width'], num_joints=info['num_joints'])
    for name, value in fill.items():
        if name in params and name not in head and value is not None:
            head[name] = value
    return head


def _dataset(base: dict, pipeline: list, test_mode: bool, **extra) -> dict:
    out = copy.deepcopy(dict(base))
    out.update(pipeline=copy.deepcopy(pipeline), **extra)
    if test_mode:
        out['test_mode'] = True
    return out


def check_derivable(cfg: Config, protocol: str,
                     config_path: Optional[str] = None):
    """Raise :class:`ProtocolError` saying why ``protocol`` cannot be
    derived from ``cfg`` (unknown name, a supervised model, no data keys, a
    backbone the protocol does not apply to); returns the protocol's config
    and :func:`encoder_info` of the encoder."""
    name = config_path or cfg.filename or 'the config'
    proto = load_protocol(protocol, config_path or cfg.filename)
    model = cfg.get('model')
    if not model or 'type' not in model:
        raise ProtocolError(f'{name}: no model.type')
    algo = model_class(model['type'])
    if not getattr(algo, 'pretraining', False):
        raise ProtocolError(
            f'{name}: protocol {protocol!r} evaluates a self-supervised '
            f'encoder, but {model["type"]} is a supervised model trained with '
            'its own head; train and test this config directly '
            '(python tools/train.py CONFIG; python tools/test.py CONFIG '
            'CKPT)')
    missing = [k for k in _DATA_KEYS if k not in cfg]
    if missing:
        raise ProtocolError(
            f'{name}: a pretraining config must define {", ".join(missing)} '
            '(a base of configs/_base_/datasets/ provides them), so that '
            'its evaluation protocols know the data')

    info = encoder_info(model['backbone'], model.get('neck'))
    allowed = (proto.get('protocol_cfg') or {}).get('backbones')
    if allowed and info['type'] not in allowed:
        raise ProtocolError(
            f'{name}: protocol {protocol!r} needs a backbone with a '
            f'per-joint representation ({", ".join(allowed)}); this config '
            f'trains {info["type"]}')
    return proto, info


def derive_protocol(cfg: Config, protocol: str,
                    checkpoint: Optional[str] = None,
                    config_path: Optional[str] = None) -> Config:
    """Apply ``protocol`` to the pretraining config ``cfg``.

    Args:
        cfg: a loaded pretraining config.
        protocol: a name of :func:`list_protocols`.
        checkpoint: the pretraining checkpoint the encoder starts from
            (``init_cfg`` of the backbone, prefix ``backbone.``); ``None``
            leaves the encoder randomly initialised (for ``tools/test.py``,
            which loads a whole checkpoint, or a random-encoder baseline).
        config_path: the pretraining config's file, for messages and to
            find the protocol files.
    """
    proto, info = check_derivable(cfg, protocol, config_path)
    out = copy.deepcopy(proto.to_dict())
    meta = out.pop('protocol_cfg', None) or {}
    train_pipe = out.pop('train_pipeline', [])
    eval_pipe = out.pop('eval_pipeline', [])

    # the encoder, from the pretraining config
    model = cfg['model']
    derived_model = out['model']
    backbone = copy.deepcopy(dict(model['backbone']))
    backbone.pop('init_cfg', None)
    if checkpoint is not None:
        backbone['init_cfg'] = dict(type='Pretrained', checkpoint=checkpoint,
                                    prefix='backbone.')
    derived_model['backbone'] = backbone
    if 'neck' not in derived_model:  # a protocol may drop it (neck=None)
        derived_model['neck'] = copy.deepcopy(model.get('neck'))
    if model.get('data_preprocessor') is not None:
        derived_model['data_preprocessor'] = copy.deepcopy(
            dict(model['data_preprocessor']))
    if derived_model.get('head') is not None:
        derived_model['head'] = _size_head(derived_model['head'],
                                           cfg['num_classes'], info)

    # the data, from the pretraining config
    preprocess = list(cfg.get('preprocess', []))
    subset = {k: meta[k] for k in ('label_fraction', 'subset_seed')
              if k in meta}
    if out.get('train_dataloader'):
        out['train_dataloader']['dataset'] = _dataset(
            cfg['train_dataset'], preprocess + train_pipe, False, **subset)
    for key in ('val_dataloader', 'test_dataloader'):
        if out.get(key):
            out[key]['dataset'] = _dataset(cfg['val_dataset'],
                                           preprocess + eval_pipe, True)
    test_cfg = out.get('test_cfg') or {}
    if 'train_dataloader' in test_cfg:  # KNN: the labelled feature bank
        test_cfg['train_dataloader']['dataset'] = _dataset(
            cfg['train_dataset'], preprocess + eval_pipe, True)

    for key in ('num_classes', 'custom_imports', 'eval_encoder'):
        if key in cfg:
            out[key] = copy.deepcopy(cfg[key])
    out['derived_from'] = dict(
        config=osp.relpath(config_path) if config_path else None,
        protocol=protocol, checkpoint=checkpoint)
    derived = Config(out)
    settings = (cfg.get('protocol_settings') or {}).get(protocol)
    if settings:
        derived.merge_from_dict(copy.deepcopy(dict(settings)))
        # a head the settings replace (MAMP's finetune head) is sized too
        if derived.model.get('head') is not None:
            derived.model.head = _size_head(derived.model.head,
                                            cfg['num_classes'], info)
    apply_eval_encoder(derived, model.get('type'))
    return derived
