"""CachedFeatureTrainLoop: the head trained on features extracted once
equals the plain loop's, and the loop refuses what it cannot cache."""
import copy

import pytest
import torch
from mmengine.runner import Runner

from tests.conftest import tiny_config


def _frozen(cfg, loop, epochs=3):
    cfg = copy.deepcopy(cfg)
    cfg['model'].update(frozen_backbone=True)
    cfg['model']['head'].update(feature_norm='batchnorm')
    cfg['train_cfg'] = dict(type=loop, max_epochs=epochs, val_interval=epochs)
    cfg['param_scheduler'] = [dict(type='MultiStepLR', by_epoch=True,
                                   milestones=[2], gamma=0.1)]
    return cfg


def _train(cfg, work_dir):
    cfg = dict(cfg, work_dir=str(work_dir))
    runner = Runner.from_cfg(cfg)
    runner.train()
    return runner


def test_same_head_as_the_plain_loop(tiny_dataset, tmp_path):
    base = tiny_config(tiny_dataset, str(tmp_path))
    plain = _train(_frozen(base, 'EpochBasedTrainLoop'), tmp_path / 'plain')
    cached = _train(_frozen(base, 'CachedFeatureTrainLoop'),
                    tmp_path / 'cached')
    a, b = plain.model.state_dict(), cached.model.state_dict()
    assert a.keys() == b.keys()
    head = [k for k in a if k.startswith('head.')]
    assert any('weight' in k for k in head)
    for k in a:  # the frozen backbone unchanged, the head the same
        torch.testing.assert_close(a[k], b[k], rtol=1e-4, atol=1e-5,
                                   msg=k)
    # 3 epochs of 6 batches
    assert cached.train_loop.iter == plain.train_loop.iter == 18
    init = Runner.from_cfg(dict(_frozen(base, 'EpochBasedTrainLoop'),
                                work_dir=str(tmp_path / 'init')))
    init.model.init_weights()
    assert not torch.allclose(init.model.state_dict()['head.fc.weight'],
                              b['head.fc.weight'])  # it did train
    acc = cached.val_loop.run()['acc/top1']
    assert acc == plain.val_loop.run()['acc/top1']


def test_several_processes_run_the_plain_loop(tiny_dataset, tmp_path,
                                               monkeypatch):
    """Under DDP each process would cache only its shard: the loop runs
    as the plain one (the encoder in every epoch), with the same result."""
    from skelact.engine import cached_feature_loop
    base = tiny_config(tiny_dataset, str(tmp_path))
    plain = _train(_frozen(base, 'EpochBasedTrainLoop'), tmp_path / 'plain')
    monkeypatch.setattr(cached_feature_loop, 'get_world_size', lambda: 2)
    calls = []
    monkeypatch.setattr(cached_feature_loop.CachedFeatureTrainLoop,
                        '_extract', lambda self: calls.append(1))
    fallback = _train(_frozen(base, 'CachedFeatureTrainLoop'),
                      tmp_path / 'fallback')
    assert calls == [] and fallback.train_loop.iter == 18
    a, b = plain.model.state_dict(), fallback.model.state_dict()
    for k in a:
        torch.testing.assert_close(a[k], b[k], msg=k)


def test_refuses_a_random_pipeline(tiny_dataset, tmp_path):
    cfg = _frozen(tiny_config(tiny_dataset, str(tmp_path)),
                  'CachedFeatureTrainLoop')
    cfg['train_dataloader']['dataset']['pipeline'] = [
        dict(type='GaussianNoise', std=0.1, p=1.0),
        dict(type='PackSkeletonInputs')]
    with pytest.raises(ValueError, match='train pipeline is random'):
        _train(cfg, tmp_path / 'w')


def test_refuses_a_trainable_backbone(tiny_dataset, tmp_path):
    cfg = _frozen(tiny_config(tiny_dataset, str(tmp_path)),
                  'CachedFeatureTrainLoop')
    cfg['model']['frozen_backbone'] = False
    with pytest.raises(ValueError, match='whose backbone trains'):
        _train(cfg, tmp_path / 'w')
