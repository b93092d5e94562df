"""Exact resume with the shipped loader settings (2 persistent workers,
skelact.seed_worker), and per-sample random streams that depend on (seed,
epoch, rank, position, index) only -- not on the workers."""
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch
from mmengine.config import Config

from conftest import ROOT, tiny_config

TRAIN = osp.join(ROOT, 'tools', 'train.py')

AUG = [dict(type='Shear', amplitude=0.5),
       dict(type='GaussianNoise', std=0.05, p=0.5),
       dict(type='PackSkeletonInputs')]
SHIPPED_LOADER = dict(num_workers=2, persistent_workers=True,
                      worker_init_fn=dict(type='skelact.seed_worker'))

KILLER = """
import os
from mmengine.hooks import Hook
from skelact.registry import HOOKS


@HOOKS.register_module()
class KillAfterEpochHook(Hook):
    priority = 'LOWEST'  # after the checkpoint hook has saved

    def __init__(self, epoch):
        self.epoch = epoch

    def after_train_epoch(self, runner):
        if runner.epoch + 1 == self.epoch:  # 0-based during the hook
            os._exit(0)  # no cleanup: a crash or a kill


@HOOKS.register_module()
class KillAfterIterHook(Hook):
    priority = 'LOWEST'

    def __init__(self, iter):
        self.iter = iter

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if runner.iter + 1 == self.iter:
            os._exit(0)
"""


def run(args, cwd):
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join([str(cwd), ROOT]))
    return subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize('loop', ['epochs', 'iterations'])
def test_resume_with_persistent_workers_is_exact(tiny_dataset, tmp_path,
                                                 loop):
    """Killed after epoch 2 (iteration 12) and resumed, a run with
    augmentations, dropout and the shipped loader settings ends with the
    same weights as an uninterrupted one. Epochs: DefaultSampler (most
    configs); iterations: IterBasedTrainLoop + InfiniteSampler (ConMLP)."""
    cfg = tiny_config(tiny_dataset, str(tmp_path / 'work'), max_epochs=3)
    cfg['train_dataloader'].update(SHIPPED_LOADER)
    kill, last = "KillAfterEpochHook', epoch=2", 'epoch_3.pth'
    if loop == 'iterations':  # 6 iterations make an epoch of 24 samples
        for key in ('val_dataloader', 'val_evaluator', 'val_cfg'):
            cfg.pop(key)
        cfg['train_cfg'] = dict(type='IterBasedTrainLoop', max_iters=18)
        cfg['train_dataloader']['sampler'] = dict(type='InfiniteSampler',
                                                  shuffle=True)
        cfg['default_hooks']['checkpoint'] = dict(
            type='CheckpointHook', interval=6, by_epoch=False)
        kill, last = "KillAfterIterHook', iter=12", 'iter_18.pth'
    cfg['train_dataloader']['dataset']['pipeline'] = AUG
    cfg['model']['backbone']['dropout'] = 0.5
    cfg['optim_wrapper']['optimizer']['lr'] = 0.1
    cfg_file = str(tmp_path / 'cfg.py')
    Config(cfg).dump(cfg_file)
    (tmp_path / 'killer.py').write_text(KILLER)
    killed = tmp_path / 'killed.py'
    killed.write_text(
        f"_base_ = [{cfg_file!r}]\n"
        "custom_imports = dict(imports=['killer'])\n"
        f"custom_hooks = [dict(type='{kill})]\n")
    full, part = str(tmp_path / 'full'), str(tmp_path / 'part')
    proc = run([TRAIN, cfg_file, '--work-dir', full], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    run([TRAIN, str(killed), '--work-dir', part], tmp_path)
    mid = last.replace('3', '2') if loop == 'epochs' else 'iter_12.pth'
    assert osp.exists(osp.join(part, mid))
    assert not osp.exists(osp.join(part, last))
    proc = run([TRAIN, cfg_file, '--work-dir', part, '--resume'], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert ('resumed epoch: 2' if loop == 'epochs' else 'iter: 12') in \
        proc.stdout + proc.stderr
    a = torch.load(osp.join(full, last), weights_only=True)
    b = torch.load(osp.join(part, last), weights_only=True)
    differ = [k for k, v in a['state_dict'].items()
              if not torch.equal(b['state_dict'][k], v)]
    assert not differ, f'{len(differ)} of {len(a["state_dict"])} differ'
    # and the run did learn something at all (the weights moved)
    c = torch.load(osp.join(part, mid), weights_only=True)
    assert any(not torch.equal(c['state_dict'][k], v)
               for k, v in a['state_dict'].items())


# -- per-sample streams, in process -------------------------------------
def _loader(tiny_dataset, **kw):
    from mmengine.runner import Runner
    from skelact.datasets import seed_every_sample
    cfg = dict(batch_size=4, sampler=dict(type='DefaultSampler',
                                          shuffle=True),
               dataset=dict(type='SkelactDataset', ann_file=tiny_dataset,
                            split='train', pipeline=[
                                dict(type='MultiView', num_views=2,
                                     transforms=[AUG[:2]]),
                                dict(type='PackSkeletonInputs')]),
               **kw)
    cfg = seed_every_sample(dict(loader=cfg))['loader']
    import skelact.datasets  # noqa: F401  (registers)
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('skelact'):
        return Runner.build_dataloader(cfg, seed=0)


def _epochs(loader, n=2):
    """{(epoch, sample_name): views} over ``n`` epochs."""
    out = {}
    for epoch in range(n):
        loader.sampler.set_epoch(epoch)
        for batch in loader:
            for views, sample in zip(
                    zip(*[v for v in batch['inputs']['views']]),
                    batch['data_samples']):
                out[epoch, sample.sample_name] = [np.asarray(v)
                                                  for v in views]
    return out


@pytest.fixture(scope='module')
def reference(tiny_dataset):
    return _epochs(_loader(tiny_dataset, num_workers=0))


@pytest.mark.parametrize('loader_kw', [
    dict(num_workers=2),
    dict(num_workers=2, persistent_workers=True,
         worker_init_fn=dict(type='skelact.seed_worker')),
], ids=['2 workers', '2 persistent'])
def test_views_do_not_depend_on_workers(tiny_dataset, reference,
                                        loader_kw):
    got = _epochs(_loader(tiny_dataset, **loader_kw))
    assert got.keys() == reference.keys()
    for key, views in reference.items():
        for a, b in zip(views, got[key]):
            np.testing.assert_array_equal(a, b, err_msg=str(key))


def test_views_differ_between_epochs_and_between_views(reference):
    names = {name for _, name in reference}
    assert len(names) == 24
    for name in names:
        (a0, a1), (b0, b1) = reference[0, name], reference[1, name]
        assert not np.array_equal(a0, b0) and not np.array_equal(a1, b1)
        assert not np.array_equal(a0, a1)  # two views, two draws


def test_seeds_follow_seed_epoch_rank_position():
    from skelact.datasets.sample_seed import sample_seed
    base = sample_seed(0, 0, 0, 0, 5)
    assert base == sample_seed(0, 0, 0, 0, 5)
    others = [sample_seed(1, 0, 0, 0, 5), sample_seed(0, 1, 0, 0, 5),
              sample_seed(0, 0, 1, 0, 5), sample_seed(0, 0, 0, 1, 5),
              sample_seed(0, 0, 0, 0, 6), sample_seed(-1, 0, 0, 0, 5)]
    assert len({base, *others}) == 7


def test_sample_rng_leaves_the_callers_streams_alone():
    import random
    from skelact.datasets.sample_seed import sample_rng
    np.random.seed(3)
    random.seed(3)
    torch.manual_seed(3)
    expect = (np.random.rand(), random.random(), torch.rand(1).item())
    np.random.seed(3)
    random.seed(3)
    torch.manual_seed(3)
    with sample_rng(99):
        inner = np.random.rand()
    with sample_rng(99):
        assert np.random.rand() == inner
    assert (np.random.rand(), random.random(), torch.rand(1).item()) == \
        expect


def test_seeded_index_survives_dataset_wrappers(tiny_dataset):
    from mmengine.dataset import ConcatDataset, RepeatDataset
    from skelact.datasets import SkelactDataset
    from skelact.datasets.sample_seed import SeededIndex
    ds = SkelactDataset(ann_file=tiny_dataset, split='train',
                        pipeline=AUG[:2])
    direct = ds[SeededIndex(3, 7)]['keypoint']
    np.testing.assert_array_equal(ds[SeededIndex(3, 7)]['keypoint'], direct)
    assert not np.array_equal(ds[SeededIndex(3, 8)]['keypoint'], direct)
    cat = ConcatDataset([ds, ds])
    np.testing.assert_array_equal(
        cat[SeededIndex(len(ds) + 3, 7)]['keypoint'], direct)
    rep = RepeatDataset(ds, times=2)
    np.testing.assert_array_equal(
        rep[SeededIndex(len(ds) + 3, 7)]['keypoint'], direct)


def test_seed_every_sample_wraps_every_loader_once():
    from skelact.datasets import seed_every_sample
    loader = dict(dataset=dict(type='X'), sampler=dict(type='DefaultSampler'))
    cfg = Config(dict(
        train_dataloader=dict(loader),
        custom_hooks=[dict(type='KNNEvalHook', train_dataloader=dict(loader),
                           val_dataloader=dict(loader))],
        test_cfg=dict(type='KNNTestLoop', train_dataloader=dict(loader))))
    seed_every_sample(cfg)
    seed_every_sample(cfg)  # idempotent
    for lc in (cfg.train_dataloader, cfg.custom_hooks[0].train_dataloader,
               cfg.custom_hooks[0].val_dataloader,
               cfg.test_cfg.train_dataloader):
        assert lc.sampler.type == 'SampleSeedSampler'
        assert lc.sampler.sampler.type == 'DefaultSampler'
