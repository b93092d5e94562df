"""End to end: train, checkpoint, test, resume, through the real tools."""
import json
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
TEST = osp.join(ROOT, 'tools', 'test.py')


def run(args, cwd):
    # tiny models: one thread each (oversubscribing 2 cores is much slower)
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join([str(cwd), ROOT]))
    proc = subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    return proc


def scalars(work_dir):
    import glob
    path = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))[-1]
    with open(path) as f:
        return [json.loads(line) for line in f]


@pytest.fixture
def cfg_file(tiny_dataset, tmp_path):
    cfg = tiny_config(tiny_dataset, str(tmp_path / 'work'), max_epochs=8)
    cfg['optim_wrapper']['optimizer']['lr'] = 0.1
    # anneal, so that the last epoch's weights are a stable end point
    cfg['param_scheduler'] = [dict(type='CosineAnnealingLR', T_max=8,
                                   by_epoch=True, eta_min=1e-3)]
    path = str(tmp_path / 'cfg.py')
    Config(cfg).dump(path)
    return path


def test_train_learns_then_test_round_trip(cfg_file, tmp_path):
    work = str(tmp_path / 'work')
    proc = run([TRAIN, cfg_file, '--work-dir', work], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    logs = scalars(work)
    losses = [r['loss'] for r in logs if 'loss' in r]
    assert np.mean(losses[-3:]) < 0.7 * np.mean(losses[:3])
    val = [r['acc/top1'] for r in logs if 'acc/top1' in r]
    assert val[-1] > 0.6  # 3 classes: chance is 1/3

    dump = str(tmp_path / 'scores.npz')
    proc = run([TEST, cfg_file, osp.join(work, 'epoch_8.pth'),
                '--work-dir', work, '--dump', dump, '--dump-logits'],
               tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert 'acc/top1' in out
    test_acc = float(out.split('acc/top1: ')[-1].split()[0])
    assert test_acc == pytest.approx(val[-1], abs=1e-4)  # log: 4 decimals
    from skelact.evaluation.metrics.dump_scores import load_scores
    scores = load_scores(dump)
    assert scores['scores'].shape == (24, 3)
    # --dump-logits: the raw logits, whose softmax is the scores
    z = scores['logits'] - scores['logits'].max(1, keepdims=True)
    np.testing.assert_allclose(np.exp(z) / np.exp(z).sum(1, keepdims=True),
                               scores['scores'], rtol=1e-5, atol=1e-6)
    assert (scores['scores'].argmax(1) == scores['labels']).mean() == \
        pytest.approx(test_acc, abs=1e-4)
    cm = np.loadtxt(osp.join(work, 'confusion_matrix.csv'), delimiter=',')
    assert cm.shape == (3, 3) and cm.sum() == 24
    assert np.trace(cm) / cm.sum() == pytest.approx(test_acc, abs=1e-4)


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
"""


def test_resume_continues_exactly(cfg_file, tmp_path):
    """A run killed after epoch 2 and resumed from its checkpoint ends with
    the same weights as an uninterrupted one (data order, RNG, optimizer
    and LR-schedule state restored)."""
    (tmp_path / 'killer.py').write_text(KILLER)
    full, part = str(tmp_path / 'full'), str(tmp_path / 'part')
    opts = ['--cfg-options', 'train_cfg.max_epochs=3',
            'model.backbone.dropout=0.5']
    assert run([TRAIN, cfg_file, '--work-dir', full] + opts,
               tmp_path).returncode == 0
    killed = tmp_path / 'killed.py'
    killed.write_text(
        f"_base_ = [{cfg_file!r}]\n"
        "custom_imports = dict(imports=['killer'])\n"
        "custom_hooks = [dict(type='KillAfterEpochHook', epoch=2)]\n")
    run([TRAIN, str(killed), '--work-dir', part] + opts, tmp_path)
    assert osp.exists(osp.join(part, 'epoch_2.pth'))
    assert not osp.exists(osp.join(part, 'epoch_3.pth'))
    proc = run([TRAIN, cfg_file, '--work-dir', part, '--resume'] + opts,
               tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert 'resumed epoch: 2' in out
    assert 'restored the RNG states' in out
    a = torch.load(osp.join(full, 'epoch_3.pth'), weights_only=True)
    b = torch.load(osp.join(part, 'epoch_3.pth'), weights_only=True)
    for k, v in a['state_dict'].items():
        torch.testing.assert_close(b['state_dict'][k], v, msg=k)
    assert a['param_schedulers'] == b['param_schedulers']


def test_checkpoint_loads_with_weights_only(cfg_file, tmp_path):
    work = str(tmp_path / 'w')
    assert run([TRAIN, cfg_file, '--work-dir', work, '--cfg-options',
                'train_cfg.max_epochs=1'], tmp_path).returncode == 0
    import skelact  # noqa: F401  (registers the allow-list)
    ckpt = torch.load(osp.join(work, 'epoch_1.pth'), weights_only=True)
    assert {'state_dict', 'optimizer', 'message_hub', 'meta',
            'rng_state'} <= set(ckpt)


def test_hostile_checkpoint_is_refused(tmp_path):
    import pickle

    class Evil:
        def __reduce__(self):
            return (open, (str(tmp_path / 'pwned'), 'w'))

    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {}, 'x': Evil()}, path)
    from skelact.utils.safe_load import safe_torch_load
    with pytest.raises((RuntimeError, pickle.UnpicklingError)):
        safe_torch_load(str(path))
    assert not (tmp_path / 'pwned').exists()


def test_cfg_option_typo_is_refused(cfg_file, tmp_path):
    proc = run([TRAIN, cfg_file, '--cfg-options', 'trian_cfg.max_epochs=1',
                'x.y=1'], tmp_path)
    assert proc.returncode != 0
    assert "no key 'trian_cfg'" in proc.stderr and 'train_cfg' in proc.stderr


def test_unknown_constructor_key_names_the_class(cfg_file, tmp_path):
    proc = run([TRAIN, cfg_file, '--cfg-options',
                'model.backbone.hiden_channels=4'], tmp_path)
    assert proc.returncode != 0
    assert 'STGCN' in proc.stderr and 'hiden_channels' in proc.stderr
