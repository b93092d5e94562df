"""Through the real tools: a checkpoint of another model stops with one
line (``--allow-partial`` loads it anyway); a protocol's pretrained encoder
is loaded strictly and says what it leaves out; a hostile checkpoint is
refused by tools/test.py, by --resume and by the Pretrained initialiser
even with TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 (torch's old unsafe default)."""
import os
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from conftest import tiny_config
from test_protocol_tools import pretrain_config
from test_train_test import TEST, TRAIN, run

UNSAFE_ENV = 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD'


@pytest.fixture(scope='module')
def supervised(tiny_dataset, tmp_path_factory):
    root = tmp_path_factory.mktemp('strict')
    work = str(root / 'work')
    Config(tiny_config(tiny_dataset, work, max_epochs=1)).dump(
        str(root / 'cfg.py'))
    proc = run([TRAIN, str(root / 'cfg.py'), '--work-dir', work], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(root=root, cfg=str(root / 'cfg.py'),
                ckpt=osp.join(work, 'epoch_1.pth'))


def test_test_refuses_another_class_count(supervised):
    root = supervised['root']
    args = [TEST, supervised['cfg'], supervised['ckpt'], '--work-dir',
            str(root / 't5'), '--cfg-options', 'model.head.num_classes=5']
    proc = run(args, root)
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert 'Traceback' not in proc.stderr
    err = [line for line in proc.stderr.splitlines() if 'skelact' in line]
    assert len(err) == 1
    assert supervised['ckpt'] in err[0]
    assert '0 missing, 0 unexpected, 2 of another shape' in err[0]
    assert 'head.fc.weight (3, 16) vs (5, 16)' in err[0]
    assert 'saved from Recognizer (STGCN, width 16, 3 classes)' in err[0]
    assert 'Epoch(test)' not in proc.stdout  # nothing was evaluated
    # an intended partial load
    proc = run(args + ['--allow-partial'], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert '--allow-partial: loaded' in out and 'acc/top1' in out


def test_test_refuses_another_width(supervised):
    root = supervised['root']
    proc = run([TEST, supervised['cfg'], supervised['ckpt'], '--work-dir',
                str(root / 'tw'), '--cfg-options',
                'model.backbone.hidden_dim=8', 'model.head.in_channels=8'],
               root)
    assert proc.returncode == 2
    assert 'of another shape' in proc.stderr and 'width 8' in proc.stderr


@pytest.fixture(scope='module')
def pretraining(tiny_dataset, tmp_path_factory):
    """A pretraining config and a checkpoint of its model (not trained:
    only its keys and shapes matter here)."""
    root = tmp_path_factory.mktemp('strict_pre')
    cfg = pretrain_config(tiny_dataset, str(root / 'work_dirs' / 'pre'))
    Config(cfg).dump(str(root / 'pre.py'))
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    model = MODELS.build(cfg['model'])
    ckpt = str(root / 'pre.pth')
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(cfg=Config(cfg).pretty_text)), ckpt)
    (root / 'lin1.py').write_text(
        "_base_ = './pre.py'\nprotocol = 'linear'\n"
        "_loader = dict(batch_size=8, num_workers=0, "
        "persistent_workers=False)\n"
        "train_dataloader = _loader\nval_dataloader = _loader\n"
        "test_dataloader = _loader\n"
        "train_cfg = dict(max_epochs=1, val_interval=1)\n")
    return dict(root=root, ckpt=ckpt, model=model)


def test_linear_encoder_loads_strictly_and_says_so(pretraining):
    root, ckpt = pretraining['root'], pretraining['ckpt']
    proc = run([TRAIN, str(root / 'lin1.py'), '--checkpoint', ckpt], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    n = sum(1 for k in pretraining['model'].state_dict()
            if k.startswith('backbone.'))
    lines = [line for line in proc.stdout.splitlines()
             if line.startswith('skelact: loaded backbone.*')]
    assert lines == [
        f"skelact: loaded backbone.* ({n} tensors) from {ckpt}; the "
        "checkpoint's queue, queue_ptr, nnm_active, projector, "
        f"momentum_encoder ({len(pretraining['model'].state_dict()) - n} "
        "tensors) are not used"]
    # mmengine's own key-by-key listing is gone: nothing was unexpected
    assert 'unexpected key' not in proc.stdout + proc.stderr
    assert 'missing keys' not in proc.stdout + proc.stderr


def test_linear_encoder_of_another_width_is_refused(pretraining):
    root, ckpt = pretraining['root'], pretraining['ckpt']
    proc = run([TRAIN, str(root / 'pre.py'), '--protocol', 'linear',
                '--checkpoint', ckpt, '--cfg-options',
                'model.backbone.hidden_dim=16'], root)
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert 'Traceback' not in proc.stderr
    assert 'the encoder' in proc.stderr and 'of another shape' in \
        proc.stderr
    assert 'saved from AimCLR (STGCN, width 8, no head)' in proc.stderr
    assert 'Epoch(train)' not in proc.stdout


# -- hostile checkpoints with torch's unsafe default forced ---------------
class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.setenv(UNSAFE_ENV, '1')  # inherited by the tools
    marker = str(tmp_path / 'pwned')
    path = str(tmp_path / 'evil.pth')
    torch.save(dict(state_dict={}, meta={}, payload=Payload(marker)), path)
    return path, marker


def test_the_forced_default_is_really_unsafe(hostile):
    """The control: with the variable set, a plain torch.load (what
    mmengine's own loader calls) runs the payload."""
    path, marker = hostile
    torch.load(path)
    assert osp.isdir(marker)


def test_tools_test_refuses_a_hostile_checkpoint(supervised, hostile):
    path, marker = hostile
    proc = run([TEST, supervised['cfg'], path, '--work-dir',
                osp.join(osp.dirname(path), 'w')], supervised['root'])
    assert proc.returncode != 0
    assert 'allow-list' in proc.stderr and 'posix.mkdir' in proc.stderr
    assert not osp.exists(marker), 'the payload ran'


def test_resume_refuses_a_hostile_checkpoint(supervised, hostile):
    path, marker = hostile
    proc = run([TRAIN, supervised['cfg'], '--work-dir',
                osp.join(osp.dirname(path), 'w'), '--resume', path],
               supervised['root'])
    assert proc.returncode != 0
    assert 'allow-list' in proc.stderr, proc.stderr[-3000:]
    assert not osp.exists(marker), 'the payload ran'


def test_pretrained_initialiser_and_runner_refuse(hostile):
    path, marker = hostile
    import skelact.models  # noqa: F401
    from mmengine.runner.checkpoint import _load_checkpoint
    from skelact.registry import MODELS
    from skelact.utils.safe_load import (UnsafeCheckpointError,
                                         install_safe_loaders)
    install_safe_loaders()
    model = MODELS.build(dict(
        type='Recognizer',
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8,
                      init_cfg=dict(type='Pretrained', checkpoint=path,
                                    prefix='backbone.')),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearHead', num_classes=3, in_channels=8)))
    with pytest.raises(UnsafeCheckpointError, match='allow-list'):
        model.init_weights()
    with pytest.raises(UnsafeCheckpointError):  # Runner load_from / resume
        _load_checkpoint(path, map_location='cpu')
    with pytest.raises(UnsafeCheckpointError, match='local files'):
        _load_checkpoint('open-mmlab://anything')
    assert not osp.exists(marker), 'the payload ran'
