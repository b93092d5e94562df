"""The noise-robust method (seed 002) trains on the synthetic set through
mmengine's Runner: the declared ContrastiveStageHook is added as
tools/train.py adds it, the contrastive terms are off for sup_thresh
epochs and on after, the stage is in the checkpoint and survives a resume,
and the trained model beats chance clearly. The CI config shrunk to
seconds: 4 classes, 8 frames, skeleton volumes (3, 8, 17, 2), SlowOnly
width 4."""
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from conftest import ROOT

CONFIG = f'{ROOT}/configs/robustcl/slowonly_synthetic_xsub_skeleton_c_sk_1.py'
NUM_CLASSES = 4


def _shrink(node):
    """Every UniformSampleFrames to 8 frames (inside MultiView too)."""
    if isinstance(node, dict):
        if node.get('type') == 'UniformSampleFrames':
            node['clip_len'] = 8
        for v in node.values():
            _shrink(v)
    elif isinstance(node, list):
        for v in node:
            _shrink(v)
    return node


def tiny_config(work_dir, max_epochs=4, sup_thresh=1, **extra):
    cfg = Config.fromfile(CONFIG)
    cfg.model.backbone.update(base_channels=4)
    cfg.model.head.update(num_classes=NUM_CLASSES, in_channels=64,
                          dropout=0.0)
    cfg.model.sup_thresh = sup_thresh
    for name in ('train_dataloader', 'val_dataloader'):
        loader = cfg[name]
        # wave, arm circles, walk in place, turn left: four distinct
        # classes (the first four are two pairs of near twins)
        loader.dataset.update(num_classes=7, exclude_classes=[1, 3, 5],
                              min_frames=24, max_frames=48)
        pipe = _shrink(loader.dataset.pipeline)
        # sample the 8 frames before projecting them (per-frame steps:
        # the same volumes, less work)
        pipe.insert(0, pipe.pop([t['type'] for t in pipe].index(
            'UniformSampleFrames')))
        loader.update(num_workers=0, persistent_workers=False,
                      batch_size=8)
        loader.pop('worker_init_fn', None)
    cfg.pop('test_dataloader')
    cfg.pop('test_evaluator')
    cfg.pop('test_cfg')
    cfg.train_cfg.update(max_epochs=max_epochs, val_interval=max_epochs)
    cfg.optim_wrapper.optimizer.update(lr=0.1)
    cfg.param_scheduler = [dict(type='ConstantLR', factor=1.0)]
    cfg.default_hooks.checkpoint.update(interval=1, max_keep_ckpts=-1)
    cfg.default_hooks.logger.update(interval=1)
    cfg.update(work_dir=work_dir, log_level='WARNING',
               randomness=dict(seed=0),
               experiment_name=osp.basename(work_dir), **extra)
    return cfg


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    from mmengine.runner import Runner
    from skelact.engine.hooks.required import add_required_hooks
    torch.set_num_threads(1)
    work = str(tmp_path_factory.mktemp('robustcl'))
    runner = Runner.from_cfg(tiny_config(work))
    added = add_required_hooks(runner)
    inst = []

    from mmengine.hooks import Hook

    class RecordHook(Hook):  # the contrastive losses of every iteration
        def after_train_iter(self, runner, batch_idx, data_batch=None,
                             outputs=None):
            inst.append((runner.epoch, outputs["loss_inst"].item(),
                         outputs["loss_group"].item()))

    runner.register_hook(RecordHook(), priority='LOWEST')
    runner.train()
    metrics = runner.val()
    return dict(runner=runner, work=work, added=added, inst=inst,
                metrics=metrics)


def test_stage_switch_through_the_runner(trained):
    assert trained['added'] == ['ContrastiveStageHook']
    inst = trained['inst']
    first = [i for e, i, _ in inst if e == 0]
    later = [(i, g) for e, i, g in inst if e >= 1]
    assert first and later
    assert all(i == 0 for i in first)           # sup_thresh = 1
    assert all(i > 0 and math.isfinite(i) for i, _ in later)
    assert all(g >= 0 and math.isfinite(g) for _, g in later)
    assert bool(trained['runner'].model.contrastive_active)


def test_trained_model_beats_chance(trained):
    # 240 validation samples, chance 0.25 +- 0.03 (the first four synthetic
    # classes are two pairs that differ only in their dynamics)
    acc = trained['metrics']['acc/top1']
    assert acc >= 0.4, f'top-1 {acc:.3f} (chance 0.25)'


def test_checkpoint_carries_the_stage_and_resume_keeps_it(trained, tmp_path):
    from mmengine.runner import Runner
    from skelact.engine.hooks.required import add_required_hooks
    from skelact.utils.safe_load import safe_torch_load
    first = safe_torch_load(osp.join(trained['work'], 'epoch_1.pth'))
    last = safe_torch_load(osp.join(trained['work'], 'epoch_4.pth'))
    assert not bool(first['state_dict']['contrastive_active'])
    assert bool(last['state_dict']['contrastive_active'])
    cfg = tiny_config(str(tmp_path / 'resume'), resume=True,
                      load_from=osp.join(trained['work'], 'epoch_4.pth'))
    runner = Runner.from_cfg(cfg)
    add_required_hooks(runner)
    assert not bool(runner.model.contrastive_active)    # fresh model
    runner.train()          # max_epochs reached: only loads the checkpoint
    assert runner.epoch == 4
    assert bool(runner.model.contrastive_active)


def test_training_without_the_hook_refuses(tmp_path):
    from mmengine.runner import Runner
    runner = Runner.from_cfg(tiny_config(str(tmp_path / 'none'),
                                         max_epochs=1))
    with pytest.raises(RuntimeError, match='ContrastiveStageHook'):
        runner.train()
    assert runner.iter == 0
