"""The non-finite guard: a NaN / inf loss or gradient norm stops training
before the update (one line through tools/train.py, exit 2, the last
checkpoint finite), or is skipped with weights, optimiser state and MoCo
queue unchanged; nothing non-finite is saved."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook

import skelact.engine  # noqa: F401
import skelact.models  # noqa: F401
from skelact.engine.hooks.non_finite import (NonFiniteError,
                                             NonFiniteGuardHook,
                                             add_non_finite_guard)

from conftest import ROOT, tiny_config
from test_contrastive_hooks import aimclr_config

TRAIN = osp.join(ROOT, 'tools', 'train.py')


def run(args, cwd):
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join([str(cwd), ROOT]))
    return subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)

TINY_REGRESSOR = '''
import torch
from torch import nn
from mmengine.model import BaseModel
from skelact.registry import MODELS


@MODELS.register_module()
class TinyRegressor(BaseModel):
    """Least squares on the mean coordinates: gradient descent on it
    diverges geometrically once the step is too large (lr 1e6)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 1)
        self.register_buffer('seen', torch.zeros(1))

    def forward(self, inputs, data_samples=None, mode='tensor'):
        x = torch.stack(list(inputs)).float()
        x = x.reshape(x.shape[0], -1, 3).mean(1)
        pred = self.fc(x).squeeze(1)
        if mode == 'loss':
            self.seen += 1
            y = torch.tensor([float(s.gt_label[0]) for s in data_samples])
            return dict(loss_mse=((pred - y) ** 2).mean())
        return pred
'''


def test_lr_1e6_stops_with_one_line_and_a_finite_checkpoint(
        tiny_dataset, tmp_path):
    """Epoch 1 at lr 1e-3 (checkpoint), then lr 1e6: the loss overflows
    within a few iterations of epoch 2; training stops there."""
    (tmp_path / 'tiny_regressor.py').write_text(TINY_REGRESSOR)
    work = str(tmp_path / 'work')
    cfg = tiny_config(tiny_dataset, work, max_epochs=3)
    for key in ('val_dataloader', 'val_evaluator', 'val_cfg',
                'test_dataloader', 'test_evaluator', 'test_cfg'):
        cfg.pop(key)
    cfg['train_cfg'].pop('val_interval')
    cfg['model'] = dict(type='TinyRegressor')
    cfg['custom_imports'] = dict(imports=['tiny_regressor'])
    cfg['optim_wrapper']['optimizer'].update(lr=1e-3, momentum=0.0)
    cfg['param_scheduler'] = [dict(type='MultiStepLR', milestones=[1],
                                   gamma=1e9, by_epoch=True)]
    Config(cfg).dump(str(tmp_path / 'cfg.py'))
    proc = run([TRAIN, str(tmp_path / 'cfg.py'), '--work-dir', work],
               tmp_path)
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert 'Traceback' not in proc.stderr
    line = [ln for ln in proc.stderr.splitlines() if 'skelact:' in ln]
    assert len(line) == 1, proc.stderr[-3000:]
    msg = line[0]
    assert msg.startswith('skelact: error: ') and 'non-finite loss' in msg
    assert 'loss_mse = ' in msg and '(epoch 2)' in msg
    it = int(msg.split('iteration ')[1].split()[0])
    assert 7 <= it <= 12  # in epoch 2 (6 iterations an epoch)
    assert 'epoch_1.pth' in msg  # the last good checkpoint, named
    assert sorted(osp.basename(p) for p in glob.glob(osp.join(
        work, 'epoch_*.pth'))) == ['epoch_1.pth']
    with open(osp.join(work, 'last_checkpoint')) as f:
        assert f.read().strip().endswith('epoch_1.pth')
    ckpt = torch.load(osp.join(work, 'epoch_1.pth'), weights_only=True)
    for k, v in ckpt['state_dict'].items():
        assert torch.isfinite(v).all(), k


# -- in process: a tiny AimCLR whose keys turn NaN at chosen iterations --
class PoisonKeys(Hook):
    """At the given (1-based) iterations the key encoder's output is NaN,
    so the loss is NaN and the keys waiting for the queue are too."""
    priority = 'HIGHEST'

    def __init__(self, iters):
        self.iters = set(iters)

    def before_train(self, runner):
        model = runner.model
        encode = model.encode_key

        def poisoned(x):
            k = encode(x)
            return k * float('nan') if runner.iter + 1 in self.iters else k
        model.encode_key = poisoned


class Probe(Hook):
    """The model's state and the optimiser's before and after each
    iteration."""
    priority = 'HIGHEST'

    def __init__(self):
        self.before, self.after = {}, {}

    @staticmethod
    def _state(runner):
        model = {k: v.detach().clone()
                 for k, v in runner.model.state_dict().items()}
        opt = {(p, k): v.clone() for p, s in
               runner.optim_wrapper.optimizer.state_dict()['state'].items()
               for k, v in s.items()}
        return model, opt

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.before[runner.iter + 1] = self._state(runner)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.after[runner.iter + 1] = self._state(runner)  # not yet +1


class ProbeAfter(Probe):
    priority = 'LOWEST'

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        pass


def _runner(tiny_dataset, work, guard, poison, max_epochs=2, **cfg_kw):
    from mmengine.runner import Runner
    from skelact.engine.hooks.required import add_required_hooks
    cfg = aimclr_config(tiny_dataset, work, max_epochs=max_epochs,
                        custom_hooks=[], **cfg_kw)
    runner = Runner.from_cfg(cfg)
    add_required_hooks(runner)
    probe, after = Probe(), ProbeAfter()
    for hook in (guard, PoisonKeys(poison), probe, after):
        runner.register_hook(hook)
    return runner, probe, after


def _equal(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_nan_loss_stops_before_update_and_enqueue(tiny_dataset, tmp_path):
    runner, probe, _ = _runner(tiny_dataset, str(tmp_path), NonFiniteGuardHook(),
                               poison=[9])
    with pytest.raises(NonFiniteError) as e:
        runner.train()
    msg = str(e.value)
    assert 'iteration 9 (epoch 2)' in msg and 'loss_info = nan' in msg
    assert 'epoch_1.pth' in msg
    model_before, opt_before = probe.before[9]
    state = {k: v.detach() for k, v in runner.model.state_dict().items()}
    # no enqueue of the NaN keys: queue and pointer as before iteration 9
    assert torch.equal(state['queue'], model_before['queue'])
    assert torch.equal(state['queue_ptr'], model_before['queue_ptr'])
    assert torch.isfinite(state['queue']).all()
    # no update of the query encoder, no optimiser step
    for k, v in model_before.items():
        if not k.startswith(('momentum_encoder', 'queue')) and \
                'running' not in k and 'num_batches' not in k:
            assert torch.equal(state[k], v), k
    opt_now = Probe._state(runner)[1]
    assert _equal(opt_now, opt_before)
    assert not osp.exists(osp.join(str(tmp_path), 'epoch_2.pth'))


def test_skip_mode_leaves_weights_optimizer_and_queue_unchanged(
        tiny_dataset, tmp_path):
    guard = NonFiniteGuardHook(max_skips=2)
    runner, probe, after = _runner(tiny_dataset, str(tmp_path), guard,
                                   poison=[3, 8])
    runner.train()  # 2 epochs x 6 iterations, two of them skipped
    assert runner.message_hub.get_info('non_finite_skips') == 2
    for it in (3, 8):
        (m0, o0), (m1, o1) = probe.before[it], after.after[it]
        assert _equal(m0, m1), it  # incl. BN statistics, key encoder, queue
        assert _equal(o0, o1), it
    # the other iterations did train and fill the queue
    (m0, _), (m1, _) = probe.before[4], after.after[4]
    assert not torch.equal(m0['queue'], m1['queue'])
    assert not torch.equal(m0['backbone.data_bn.weight'],
                           m1['backbone.data_bn.weight'])
    ckpt = torch.load(osp.join(str(tmp_path), 'epoch_2.pth'),
                      weights_only=False)
    for k, v in ckpt['state_dict'].items():
        assert torch.isfinite(v).all(), k


def test_skip_mode_stops_after_max_skips(tiny_dataset, tmp_path):
    runner, _, _ = _runner(tiny_dataset, str(tmp_path),
                           NonFiniteGuardHook(max_skips=1), poison=[2, 4],
                           max_epochs=1)
    with pytest.raises(NonFiniteError, match=r'iteration 4 .*\(after '
                       r'skipping 1 steps\)'):
        runner.train()


def test_nan_gradient_norm_with_clipping_stops(tiny_dataset, tmp_path):
    """A finite loss whose gradient is NaN (clipping on): stopped before
    the optimiser step."""
    class PoisonGrad(Hook):
        priority = 'HIGHEST'

        def before_train_iter(self, runner, batch_idx, data_batch=None):
            if runner.iter + 1 == 3:
                w = runner.model.backbone.data_bn.weight
                self.handle = w.register_hook(lambda g: g * float('nan'))

    optim = dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9),
                 clip_grad=dict(max_norm=1.0))
    runner, probe, _ = _runner(tiny_dataset, str(tmp_path),
                               NonFiniteGuardHook(), poison=[],
                               max_epochs=1, optim_wrapper=optim)
    runner.register_hook(PoisonGrad())
    with pytest.raises(NonFiniteError) as e:
        runner.train()
    assert 'non-finite gradient norm at iteration 3' in str(e.value)
    assert 'grad_norm = nan' in str(e.value)
    w = runner.model.backbone.data_bn.weight
    assert torch.equal(w.detach(), probe.before[3][0]['backbone.data_bn.weight'])


# -- nothing non-finite on disk, whatever produced it --------------------
class FakeRunner:
    def __init__(self, work_dir, model):
        self.work_dir, self.model, self.epoch = work_dir, model, 0


def test_checkpoint_with_nan_is_refused(tmp_path):
    hook = NonFiniteGuardHook()
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_3.pth'))
    runner = FakeRunner(str(tmp_path), torch.nn.Linear(2, 2))
    good = dict(state_dict={'w': torch.ones(2)},
                optimizer=dict(state={0: dict(momentum_buffer=torch.ones(2))},
                               param_groups=[]))
    hook.before_save_checkpoint(runner, good)
    bad = dict(good, state_dict={'w': torch.ones(2), 'queue':
                                 torch.tensor([1.0, float('nan')])})
    with pytest.raises(NonFiniteError, match=r'refusing to save a checkpoint'
                       r': queue holds NaN .*epoch_3\.pth'):
        hook.before_save_checkpoint(runner, bad)
    bad_opt = dict(good, optimizer=dict(
        state={0: dict(momentum_buffer=torch.tensor([float('inf')]))}))
    with pytest.raises(NonFiniteError, match='momentum_buffer'):
        hook.before_save_checkpoint(runner, bad_opt)


def test_state_is_checked_after_every_epoch(tmp_path):
    model = torch.nn.BatchNorm1d(2)
    model.running_var.fill_(float('inf'))
    with pytest.raises(NonFiniteError, match='after epoch 1: running_var '
                       'holds NaN or infinite values.*no checkpoint'):
        NonFiniteGuardHook().after_train_epoch(FakeRunner(str(tmp_path),
                                                          model))


def test_added_by_default_once_and_user_choice_kept():
    cfg = Config(dict(custom_hooks=[dict(type='RNGStateHook')]))
    add_non_finite_guard(cfg)
    add_non_finite_guard(cfg)
    assert [h.type for h in cfg.custom_hooks] == ['RNGStateHook',
                                                  'NonFiniteGuardHook']
    mine = Config(dict(custom_hooks=[dict(type='NonFiniteGuardHook',
                                          max_skips=3)]))
    add_non_finite_guard(mine)
    assert mine.custom_hooks == [dict(type='NonFiniteGuardHook',
                                      max_skips=3)]
    assert add_non_finite_guard(Config(dict())).custom_hooks == [
        dict(type='NonFiniteGuardHook')]


@pytest.mark.parametrize('bad', [-1, 1.5, True, '2'])
def test_max_skips_must_be_a_count(bad):
    with pytest.raises(ValueError, match='max_skips must be an integer'):
        NonFiniteGuardHook(max_skips=bad)
