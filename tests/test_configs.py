"""Every config builds: its model constructs and every registered type it
names (datasets, transforms, hooks, loops, metrics) resolves; so does every
evaluation protocol derived from every pretraining config."""
import glob
import os.path as osp

import pytest

from conftest import ROOT
from skelact.apis.protocols import ProtocolError, list_protocols, model_class
from skelact.cli.resolve import protocol_of, resolve_config

CONFIGS = sorted(
    p for p in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                         recursive=True)
    if '_base_' not in p.split(osp.sep) and
    not osp.basename(p).startswith('_'))
_models = {}


def _types(node, found):
    """Collect (key path, type) of every dict with a ``type``."""
    if isinstance(node, dict):
        if isinstance(node.get('type'), str):
            found.append(node['type'])
        for v in node.values():
            _types(v, found)
    elif isinstance(node, (list, tuple)):
        for v in node:
            _types(v, found)
    return found


def _build_model(cfg_model):
    import torch
    from skelact.registry import MODELS
    key = repr(cfg_model)
    if key not in _models:
        with torch.device('meta'):  # structure only, no memory
            model = MODELS.build(cfg_model)
        _models[key] = model
    return _models[key]


def _is_pretraining(path):
    from mmengine.config import Config
    if protocol_of(path) is not None:  # a protocol override file
        return False
    return getattr(model_class(Config.fromfile(path).model.type),
                   'pretraining', False)


PRETRAINING = [p for p in CONFIGS if _is_pretraining(p)]
PROTOCOLS = list_protocols()
PAIRS = [(p, proto) for p in PRETRAINING for proto in PROTOCOLS]


def test_one_config_per_trained_encoder():
    """The method x dataset x stream grid exists as pretraining configs;
    protocols are not written out per config."""
    names = {osp.relpath(p, osp.join(ROOT, 'configs')) for p in CONFIGS}
    for method in ('skeletonclr', 'aimclr', 'hiclr'):
        for data in ('ntu60_xsub', 'ntu60_xview', 'ntu120_xsub',
                     'ntu120_xset', 'pku1', 'pku2'):
            for stream in ('', '_bone', '_motion'):
                path = f'{method}/stgcn_{data}{stream}.py'
                assert path in names
                for proto in ('_linear', '_knn', '_semi1', '_semi10',
                              '_finetune'):
                    assert f'{method}/stgcn_{data}{stream}{proto}.py' \
                        not in names
    assert 'stgcn/stgcn_synthetic_xsub.py' in names
    assert 'aimclr/stgcn_synthetic_xsub_linear.py' in names
    assert set(PROTOCOLS) == {'linear', 'linear_probe', 'knn', 'finetune',
                              'semi1', 'semi10', 'actionhead'}
    assert len(PRETRAINING) >= 44
    # protocol settings live in configs/_base_/protocols/; a protocol file
    # next to a pretraining config is the exception (an experiment's
    # override), not the rule
    overrides = [p for p in CONFIGS if protocol_of(p) is not None]
    assert len(overrides) <= 4, overrides


def _check_types(path, cfg):
    from mmengine.registry import DefaultScope
    from skelact.registry import (DATASETS, HOOKS, LOOPS, METRICS,
                                  MODEL_WRAPPERS, MODELS, TRANSFORMS,
                                  WEIGHT_INITIALIZERS)
    registries = (MODELS, DATASETS, TRANSFORMS, HOOKS, LOOPS, METRICS,
                  MODEL_WRAPPERS, WEIGHT_INITIALIZERS)  # init_cfg types
    skip = {'OptimWrapper', 'SGD', 'AdamW', 'Adam', 'MultiStepLR',
            'CosineAnnealingLR', 'ExponentialLR', 'LinearLR', 'Pretrained',
            'LocalVisBackend', 'Visualizer', 'LogProcessor',
            'EpochBasedTrainLoop', 'ValLoop', 'TestLoop', 'DefaultSampler',
            'IterBasedTrainLoop', 'InfiniteSampler',
            'skelact.seed_worker'}
    with DefaultScope.overwrite_default_scope('skelact'):
        for t in _types(cfg.to_dict(), []):
            if t in skip or t.endswith('Hook') and HOOKS.get(t):
                continue
            assert any(r.get(t) is not None for r in registries), \
                f'{path}: type {t!r} is not registered'


@pytest.mark.parametrize('path,protocol', PAIRS,
                         ids=[f'{osp.relpath(p, ROOT)}:{q}' for p, q in PAIRS])
def test_protocol_derives_and_builds(path, protocol):
    """Every (pretraining config x protocol) pair derives into a config
    whose model builds, whose head is sized from the encoder and whose
    data come from the pretraining config -- or says why it cannot."""
    from mmengine.config import Config
    pre = Config.fromfile(path)
    try:
        res = resolve_config(path, protocol, checkpoint='none')
    except ProtocolError as e:
        # only MotionBERT's action head is refused, and only on encoders
        # without a per-joint representation
        assert protocol == 'actionhead' and 'per-joint' in str(e)
        assert pre.model.backbone.type in ('STGCN', 'ConMLP',
                                           'MultiStreamBackbone')
        return
    cfg = res.cfg
    assert cfg.default_scope == 'skelact'
    assert 'protocol' not in cfg
    # the encoder is the pretraining config's; a protocol may only set its
    # training-time regularisation (MAMP's fine-tuning: drop-path 0.3)
    train_only = ('init_cfg', 'drop_path_rate')
    assert {k: v for k, v in cfg.model.backbone.items()
            if k not in train_only} == {
        k: v for k, v in pre.model.backbone.items() if k not in train_only}
    assert cfg.model.data_preprocessor == pre.model.data_preprocessor
    assert cfg.work_dir.endswith(osp.join(osp.splitext(
        osp.relpath(path, osp.join(ROOT, 'configs')))[0], protocol))
    model = _build_model(cfg.model)
    if protocol == 'knn':
        assert cfg.model.head is None and cfg.get('train_cfg') is None
        bank = cfg.test_cfg.train_dataloader.dataset
        assert bank.split == pre.train_dataset.split and bank.test_mode
    else:
        assert model.head is not None
        assert cfg.model.head.num_classes == pre.num_classes
        width = cfg.model.head.get('in_channels',
                                   cfg.model.head.get('dim_rep'))
        assert width == model.backbone.out_channels
        data = cfg.train_dataloader.dataset
        assert data.type == pre.train_dataset.type
        assert cfg.val_dataloader.dataset.test_mode
        expect = dict(semi1=0.01, semi10=0.1).get(protocol)
        assert data.get('label_fraction') == expect
        assert bool(cfg.model.frozen_backbone) == (
            protocol in ('linear', 'linear_probe', 'actionhead'))
    _check_types(path, cfg)


@pytest.mark.parametrize('path', CONFIGS,
                         ids=[osp.relpath(p, ROOT) for p in CONFIGS])
def test_config_builds(path):
    import skelact.datasets  # noqa: F401
    import skelact.engine  # noqa: F401
    import skelact.evaluation  # noqa: F401
    import skelact.models  # noqa: F401
    cfg = resolve_config(path, need_checkpoint=False).cfg
    assert cfg.default_scope == 'skelact'
    model = _build_model(cfg.model)
    assert hasattr(model, 'extract_feat')
    _check_types(path, cfg)
