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
