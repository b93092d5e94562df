"""No tool deletes or replaces what it did not create: data tools refuse an
existing output unless --overwrite (and then replace only their own
files); training refuses a work dir that holds a run."""
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import ROOT

SYNTH = osp.join(ROOT, 'tools', 'data', 'make_synthetic.py')
CONVERT = osp.join(ROOT, 'tools', 'convert', 'convert_ckpt.py')
SMALL = ['--num-classes', '3', '--num-subjects', '4',
         '--samples-per-class-subject-camera', '1', '--max-frames', '50']


def tool(args, cwd):
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=ROOT)
    return subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def one_line_error(proc):
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert 'Traceback' not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith('skelact: error: ')
    return lines[0]


def make_synthetic(argv):
    """The tool in this process (its refusals are checked in a subprocess
    once, for the one-line message)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location('make_synthetic', SYNTH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.main(argv + SMALL)


def test_make_synthetic_never_deletes_an_existing_folder(tmp_path):
    data = tmp_path / 'data'
    data.mkdir()
    (data / 'ntu60_xsub.npy').write_bytes(b'unrelated arrays')
    err = one_line_error(tool([SYNTH, '--out', str(data)] + SMALL, tmp_path))
    assert str(data) in err and '--overwrite' in err
    assert (data / 'ntu60_xsub.npy').read_bytes() == b'unrelated arrays'
    assert sorted(os.listdir(data)) == ['ntu60_xsub.npy']
    assert not [n for n in os.listdir(tmp_path) if n.startswith('.')]

    # --overwrite: the dataset's files are written, nothing else touched
    make_synthetic(['--out', str(data), '--overwrite'])
    assert (data / 'ntu60_xsub.npy').read_bytes() == b'unrelated arrays'
    from skelact.datasets import SkelactDataset
    assert len(SkelactDataset(ann_file=str(data), split='xsub_val')) > 0


def test_make_synthetic_overwrite_replaces_only_its_files(tmp_path):
    from skelact.utils.atomic_io import OutputExists
    out = tmp_path / 'synthetic'
    make_synthetic(['--out', str(out)])
    (out / 'notes.txt').write_text('mine')
    before = np.load(out / 'keypoint.npy')
    with pytest.raises(OutputExists, match='--overwrite'):
        make_synthetic(['--out', str(out), '--seed', '5'])
    np.testing.assert_array_equal(np.load(out / 'keypoint.npy'), before)
    make_synthetic(['--out', str(out), '--seed', '5', '--overwrite'])
    assert (out / 'notes.txt').read_text() == 'mine'
    assert not np.array_equal(np.load(out / 'keypoint.npy'), before)
    assert sorted(os.listdir(tmp_path)) == ['synthetic']  # no temporary
    # a folder holding another tool's files is refused even then
    other = tmp_path / 'other'
    other.mkdir()
    (other / 'meta.json').write_text('{"format": "mine"}')
    with pytest.raises(OutputExists, match='not a skelact dataset folder'):
        make_synthetic(['--out', str(other), '--overwrite'])
    assert (other / 'meta.json').read_text() == '{"format": "mine"}'


def test_writer_leaves_the_old_folder_when_it_fails(tmp_path):
    from skelact.datasets.formats import write_skelact
    from skelact.utils.errors import DataError
    rec = dict(keypoint=np.zeros((1, 5, 25, 3), np.float32), label=0,
               sample_name='S001C001P001R001A001')
    out = str(tmp_path / 'd')
    write_skelact(out, [rec], dict(all=[0]))
    with pytest.raises(DataError):      # a split indexes outside the data
        write_skelact(out, [rec], dict(all=[3]), overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ['d']   # no temporary left
    from skelact.datasets import SkelactDataset
    assert len(SkelactDataset(ann_file=out, split='all')) == 1


def test_prepare_refuses_earlier_outputs_before_parsing(tmp_path):
    from skelact.datasets.prep import prepare_ntu
    from skelact.utils.atomic_io import OutputExists
    out = tmp_path / 'data'
    (out / 'ntu60_skelact').mkdir(parents=True)
    (out / 'ntu60_skelact' / 'keypoint.npy').write_bytes(b'x')
    raw = tmp_path / 'raw'
    raw.mkdir()
    (raw / 'S001C001P001R001A001.skeleton').write_text('1\n0\n')
    with pytest.raises(OutputExists, match='ntu60_skelact.*--overwrite'):
        prepare_ntu([str(raw)], str(out), 'ntu60', workers=0,
                    progress=False, log=lambda m: None)
    assert not osp.exists(out / '.cache_ntu' / 'S001C001P001R001A001.npz')


def test_convert_ckpt_refuses_an_existing_output(tmp_path):
    dst = tmp_path / 'converted.pth'
    dst.write_bytes(b'keep me')
    torch.save(dict(state_dict={}), tmp_path / 'src.pth')
    err = one_line_error(tool([CONVERT, str(tmp_path / 'src.pth'), str(dst)],
                              tmp_path))
    assert str(dst) in err and '--overwrite' in err
    assert dst.read_bytes() == b'keep me'


# -- training: checkpoints, work dirs, Ctrl-C --------------------------------
from test_train_test import TRAIN, run  # noqa: E402

# Injected into a training subprocess (custom_imports): the write of the
# checkpoint whose name contains SKELACT_TEST_AT stops half-way, by
# SIGKILL ('kill') or by waiting for the test's SIGINT ('sigint').
SAVE_FAULT = """
import os, signal, time
from mmengine.fileio.backends import local_backend
from mmengine.hooks import CheckpointHook
from skelact.registry import HOOKS

_put = local_backend.LocalBackend.put


def put(self, obj, filepath):
    if os.environ['SKELACT_TEST_AT'] in os.path.basename(str(filepath)):
        with open(filepath, 'wb') as f:
            f.write(obj[:len(obj) // 2])
            f.flush()
        if os.environ['SKELACT_TEST_FAULT'] == 'kill':
            os.kill(os.getpid(), signal.SIGKILL)
        open(os.environ['SKELACT_TEST_MARKER'], 'w').close()
        # the test sends SIGINT now; short sleeps, because the kernel may
        # deliver it to another of the process's threads (torch's pools),
        # and then only the main thread's next bytecode raises it -- one
        # long sleep would hold it back for the whole sleep
        for _ in range(3000):
            time.sleep(0.1)
    return _put(self, obj, filepath)


local_backend.LocalBackend.put = put


@HOOKS.register_module()
class PlainCheckpointHook(CheckpointHook):
    pass                             # mmengine's own, under another name
"""


@pytest.fixture
def train_cfg(tiny_dataset, tmp_path):
    """A 3-epoch run keeping one checkpoint (as the shipped synthetic
    configs do), and the same config with the save fault injected."""
    from mmengine.config import Config
    from conftest import tiny_config
    cfg = tiny_config(tiny_dataset, str(tmp_path / 'work'), max_epochs=3)
    cfg['train_cfg']['val_interval'] = 10          # no validation: faster
    cfg['default_hooks']['checkpoint'] = dict(
        type='AtomicCheckpointHook', interval=1, max_keep_ckpts=1)
    Config(cfg).dump(str(tmp_path / 'cfg.py'))
    (tmp_path / 'savefault.py').write_text(SAVE_FAULT)
    (tmp_path / 'faulty.py').write_text(
        "_base_ = ['cfg.py']\n"
        "custom_imports = dict(imports=['savefault'])\n")
    return dict(cfg=str(tmp_path / 'cfg.py'),
                faulty=str(tmp_path / 'faulty.py'), work=tmp_path / 'work')


def fault_env(kind, at, marker=''):
    return dict(SKELACT_TEST_FAULT=kind, SKELACT_TEST_AT=at,
                SKELACT_TEST_MARKER=marker)


def run_env(args, cwd, extra):
    old = dict(os.environ)
    os.environ.update(extra)
    try:
        return run(args, cwd)
    finally:
        os.environ.clear()
        os.environ.update(old)


def complete_checkpoint(work):
    from skelact.utils.safe_load import safe_torch_load
    named = (work / 'last_checkpoint').read_text().strip()
    return named, safe_torch_load(named)


def test_kill_during_a_save_keeps_the_previous_checkpoint(train_cfg,
                                                          tmp_path):
    work = train_cfg['work']
    proc = run_env([TRAIN, train_cfg['faulty']], tmp_path,
                   fault_env('kill', 'epoch_2'))
    assert proc.returncode == -9, proc.stderr[-3000:]
    # max_keep_ckpts=1: epoch_1 is kept until epoch_2 is complete
    named, ckpt = complete_checkpoint(work)
    assert named.endswith('epoch_1.pth') and ckpt['meta']['epoch'] == 1
    assert not (work / 'epoch_2.pth').exists()
    partial = [n for n in os.listdir(work) if n.endswith('.skelact-tmp')]
    assert len(partial) == 1 and 'epoch_2' in partial[0]

    proc = run([TRAIN, train_cfg['cfg'], '--resume'], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'resumed epoch: 1' in proc.stdout + proc.stderr
    named, ckpt = complete_checkpoint(work)
    assert named.endswith('epoch_3.pth') and ckpt['meta']['epoch'] == 3
    assert sorted(n for n in os.listdir(work) if n.endswith('.pth')) == \
        ['epoch_3.pth']
    assert not [n for n in os.listdir(work) if n.endswith('.skelact-tmp')]


def test_sigint_during_a_save_stops_cleanly_and_says_how_to_resume(
        train_cfg, tmp_path):
    import signal
    import time
    work, marker = train_cfg['work'], tmp_path / 'saving'
    env = dict(os.environ, OMP_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join([str(tmp_path), ROOT]),
               **fault_env('sigint', 'epoch_2', str(marker)))
    args = [sys.executable, TRAIN, train_cfg['faulty'], '--cfg-options',
            'train_cfg.max_epochs=3']
    # Ctrl-C at a terminal: SIGINT at its default disposition in the
    # training process, whatever this test inherited (a suite started in
    # the background by a shell without job control, `cmd &`, ignores
    # SIGINT; the run would inherit that and sleep through the signal).
    # A small launcher resets it and execs the same command line.
    launcher = ('import os, signal, sys; '
                'signal.signal(signal.SIGINT, signal.SIG_DFL); '
                'os.execv(sys.executable, [sys.executable] + sys.argv[1:])')
    proc = subprocess.Popen([sys.executable, '-c', launcher] + args[1:],
                            cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 240
    while not marker.exists() and proc.poll() is None and \
            time.time() < deadline:
        time.sleep(0.2)
    assert marker.exists(), proc.communicate()[1][-3000:]
    proc.send_signal(signal.SIGINT)          # Ctrl-C, half-way through
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-3000:]
    assert 'Traceback' not in err
    lines = [ln for ln in err.splitlines() if ln.startswith('skelact:')]
    assert len(lines) == 1, err[-3000:]
    expected = ' '.join([TRAIN, train_cfg['faulty'], '--cfg-options',
                         'train_cfg.max_epochs=3', '--resume'])
    assert lines[0].startswith('skelact: interrupted')
    assert lines[0].endswith(expected), lines[0]
    # nothing partial: the half-written temporary file is gone
    assert sorted(n for n in os.listdir(work) if n.endswith('.pth')) == \
        ['epoch_1.pth']
    assert not [n for n in os.listdir(work) if n.startswith('.')]
    named, ckpt = complete_checkpoint(work)
    assert named.endswith('epoch_1.pth')


def test_a_used_work_dir_is_refused(train_cfg, tmp_path):
    work = train_cfg['work']
    work.mkdir()
    (work / 'epoch_4.pth').write_bytes(b'an earlier run')
    (work / 'linear').mkdir()                      # a protocol run below
    proc = run([TRAIN, train_cfg['cfg']], tmp_path)
    err = one_line_error(proc)
    assert str(work) in err and 'epoch_4.pth' in err
    assert '--resume' in err and '--work-dir' in err and '--overwrite' in err
    assert (work / 'epoch_4.pth').read_bytes() == b'an earlier run'
    err = one_line_error(run([TRAIN, train_cfg['cfg'], '--resume'],
                             tmp_path))
    assert 'epoch_4.pth' in err and 'not a checkpoint' in err
    # --overwrite: the earlier run's checkpoints go, nothing else
    (work / 'linear' / 'epoch_1.pth').write_bytes(b'protocol run')
    proc = run([TRAIN, train_cfg['cfg'], '--overwrite', '--cfg-options',
                'train_cfg.max_epochs=1'], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'deleted' in proc.stderr and 'epoch_4.pth' in proc.stderr
    assert not (work / 'epoch_4.pth').exists()
    assert (work / 'linear' / 'epoch_1.pth').read_bytes() == b'protocol run'
    assert complete_checkpoint(work)[0].endswith('epoch_1.pth')


def test_a_killed_writer_leaves_nothing_under_the_final_name(tmp_path):
    from skelact.datasets.formats import SkelactWriter
    out = str(tmp_path / 'd')
    w = SkelactWriter(out)
    w.add(np.zeros((1, 5, 25, 3), np.float32), 0, 'S001C001P001R001A001')
    # killed here: no output folder, only the writer's hidden temporary
    assert not osp.exists(out)
    assert [n.startswith('.d.') for n in os.listdir(tmp_path)] == [True]
    w = SkelactWriter(out)                 # the next run cleans it up
    w.add(np.zeros((1, 5, 25, 3), np.float32), 0, 'S001C001P001R001A001')
    w.close(dict(all=[0]))
    assert os.listdir(tmp_path) == ['d']
