"""Every config builds: its model constructs and every registered type it
names (datasets, transforms, hooks, loops, metrics) resolves."""
import glob
import os.path as osp

import pytest

from conftest import ROOT
from skelact.apis.config import load_config

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


def test_configs_exist():
    names = {osp.relpath(p, osp.join(ROOT, 'configs')) for p in CONFIGS}
    for method in ('skeletonclr', 'aimclr'):
        for data in ('ntu60_xsub', 'ntu60_xview', 'ntu120_xsub',
                     'ntu120_xset', 'pku1', 'pku2'):
            for stream in ('', '_bone', '_motion'):
                for proto in ('', '_linear', '_knn', '_semi1', '_semi10',
                              '_finetune'):
                    assert f'{method}/stgcn_{data}{stream}{proto}.py' in names
    assert 'stgcn/stgcn_synthetic_xsub.py' in names
    assert 'aimclr/stgcn_synthetic_xsub_linear.py' in names


@pytest.mark.parametrize('path', CONFIGS,
                         ids=[osp.relpath(p, ROOT) for p in CONFIGS])
def test_config_builds(path):
    import skelact.datasets  # noqa: F401
    import skelact.engine  # noqa: F401
    import skelact.evaluation  # noqa: F401
    import skelact.models  # noqa: F401
    from mmengine.registry import DefaultScope
    from skelact.registry import (DATASETS, HOOKS, LOOPS, METRICS,
                                  MODEL_WRAPPERS, MODELS, TRANSFORMS)
    cfg = load_config(path)
    assert cfg.default_scope == 'skelact'
    model = _build_model(cfg.model)
    assert hasattr(model, 'extract_feat')
    registries = (MODELS, DATASETS, TRANSFORMS, HOOKS, LOOPS, METRICS,
                  MODEL_WRAPPERS)
    skip = {'OptimWrapper', 'SGD', 'AdamW', 'Adam', 'MultiStepLR',
            'CosineAnnealingLR', 'ExponentialLR', 'LinearLR', 'Pretrained',
            'LocalVisBackend', 'Visualizer', 'LogProcessor',
            'EpochBasedTrainLoop', 'ValLoop', 'TestLoop', 'DefaultSampler',
            'skelact.seed_worker'}
    with DefaultScope.overwrite_default_scope('skelact'):
        for t in _types(cfg.to_dict(), []):
            if t in skip or t.endswith('Hook') and HOOKS.get(t):
                continue
            assert any(r.get(t) is not None for r in registries), \
                f'{path}: type {t!r} is not registered'
