"""Malformed inputs through the real tools (issue 14, one clear line per
user error): each case runs a tool as ``python tools/<tool> ARGS`` would
(its ``__main__`` block, so the tools' error handler) and asserts exit
status 2, no traceback, and one ``skelact: error:`` line that names the
file or the key. Most cases run in this process (``runpy`` with
``sys.argv`` set); a few run as real processes."""
import contextlib
import io
import os
import os.path as osp
import pickle
import runpy
import subprocess
import sys
import zipfile
from itertools import count

import numpy as np
import pytest
import torch
from mmengine.config import Config

from conftest import ROOT, tiny_config

TOOLS = osp.join(ROOT, 'tools')
_n = count()


def run_tool(tool, *args, cwd=None):
    """``python tools/<tool> ARGS`` in this process: (status, stderr)."""
    path = osp.join(TOOLS, tool)
    argv, old_cwd = sys.argv, os.getcwd()
    sys.argv = [path] + [str(a) for a in args]
    err, code = io.StringIO(), 0
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(err):
            try:
                runpy.run_path(path, run_name='__main__')
            except SystemExit as e:
                if isinstance(e.code, str):
                    err.write(e.code + '\n')
                    code = 1
                else:
                    code = e.code or 0
    finally:
        sys.argv = argv
        os.chdir(old_cwd)
    return code, err.getvalue()


def error_line(code, err, status=2):
    """The one ``skelact: error:`` line; the run exited with ``status``
    and printed no traceback."""
    assert code == status, err[-3000:]
    assert 'Traceback' not in err, err[-3000:]
    lines = [ln for ln in err.splitlines() if ln.startswith('skelact:')]
    assert len(lines) == 1, err[-3000:]
    return lines[0]


# --- the workspace: a tiny dataset, configs, checkpoints -----------------

def _dump(cfg: dict, path):
    Config(cfg).dump(str(path))
    return str(path)


def _pretrain_config(data_dir, work_dir):
    from test_protocol_tools import pretrain_config
    return pretrain_config(data_dir, work_dir)


class Workspace:
    def __init__(self, root, data):
        self.root, self.data = root, data
        self.good = _dump(tiny_config(data, str(root / 'work'),
                                      max_epochs=1), root / 'good.py')
        self.text = open(self.good).read()
        self.pre = _dump(_pretrain_config(data, str(root / 'work_pre')),
                         root / 'pre.py')
        self._checkpoints()

    def file(self, name, content):
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return str(path)

    def config(self, name, old=None, new=None, append='', prepend=''):
        """``good.py`` with ``old`` replaced by ``new``, between
        ``prepend`` and ``append``."""
        text = self.text
        if old is not None:
            assert old in text, old
            text = text.replace(old, new)
        return self.file(name, prepend + text + append)

    def _checkpoints(self):
        full = self.root / 'full.pth'
        torch.save({'state_dict': {'w': torch.zeros(20000)}}, full)
        data = full.read_bytes()
        self.file('trunc.pth', data[:len(data) // 2])
        self.file('empty.pth', b'')
        self.file('text.pth', 'epoch 3 loss 0.25\n')
        self.file('plain.pkl', pickle.dumps({'state_dict': {}}))
        self.file('random.pth', bytes(range(7, 256)) * 4)
        torch.save([1, 2, 3], self.root / 'list.pth')
        with zipfile.ZipFile(self.root / 'other.zip', 'w') as z:
            z.writestr('notes.txt', 'not a checkpoint')
        torch.save({'a': torch.zeros(3)}, self.root / 'legacy.pth',
                   _use_new_zipfile_serialization=False)
        legacy = (self.root / 'legacy.pth').read_bytes()
        self.file('legacy_cut.pth', legacy[:len(legacy) // 2])
        (self.root / 'a_folder.pth').mkdir(exist_ok=True)

        class Payload:
            def __reduce__(self):
                return (open, (str(self_root / 'pwned'), 'w'))
        self_root = self.root
        torch.save({'state_dict': {}, 'x': Payload()},
                   self.root / 'hostile.pth')


@pytest.fixture(autouse=True)
def _tracebacks_off(monkeypatch):
    """Every case sees the handler's default; whatever a case sets
    (``--debug`` sets ``SKELACT_TRACEBACK``) is undone afterwards, so
    that later tests' processes do not inherit it."""
    monkeypatch.setenv('SKELACT_TRACEBACK', '0')


@pytest.fixture(scope='module')
def ws(tiny_dataset, tmp_path_factory):
    return Workspace(tmp_path_factory.mktemp('bad_input'), tiny_dataset)


# --- the cases: (tool, args, words the error line names) -----------------

def _aimclr_root(w, labels=None, shape=(6, 3, 10, 25, 2)):
    root = w.root / f'aimclr_{next(_n)}'
    root.mkdir()
    np.save(root / 'train_position.npy', np.zeros(shape, 'f4'))
    names = [f'S001C001P001R001A{i + 1:03d}' for i in range(shape[0])]
    payload = labels(names) if labels else pickle.dumps(
        (names, list(range(shape[0]))))
    (root / 'train_label.pkl').write_bytes(payload)
    return str(root)


def _aimclr_config(w, root):
    cfg = tiny_config(w.data, str(w.root / 'work_a'), max_epochs=1)
    cfg['train_dataloader']['dataset'] = dict(
        type='AimCLRDataset', data_root=root, split='train',
        pipeline=[dict(type='PackSkeletonInputs')])
    return _dump(cfg, w.root / f'aimclr_{next(_n)}.py')


def _dataset_config(w, mutate):
    """good.py over a copy of the tiny dataset broken by ``mutate``."""
    import shutil
    n = next(_n)
    data = w.root / f'data_{n}'
    shutil.copytree(w.data, data)
    mutate(data)
    cfg = tiny_config(str(data), str(w.root / f'work_{n}'), max_epochs=1)
    return _dump(cfg, w.root / f'data_{n}.py'), str(data)


class _Hostile:
    def __reduce__(self):
        return (os.system, ('echo pwned',))


def _override(w, text):
    return w.file(f'lin_{next(_n)}.py',
                  "_base_ = './pre.py'\nprotocol = 'linear'\n" + text)


CASES = {
    # malformed config files
    'syntax error': lambda w: (
        'train.py', [w.config('syntax.py', append='x = dict(a=1,,)\n')],
        ['syntax.py:', 'syntax error']),
    'syntax error in a base': lambda w: (
        'print_config.py', [_broken_base(w)],
        ['base_broken.py:2', 'syntax error']),
    'undefined name': lambda w: (
        'print_config.py', [w.config('name.py', append='y = undefined_x\n')],
        ['name.py:', 'undefined_x']),
    'missing base file': lambda w: (
        'print_config.py',
        [w.file('orphan.py', "_base_ = './gone_base.py'\na = 1\n")],
        ['gone_base.py']),
    'base key that does not exist': lambda w: (
        'print_config.py',
        [w.file('basekey.py', "_base_ = './good.py'\nmodel = dict("
                "backbone=dict(hidden_channels=_base_.width))\n")],
        ['basekey.py:2', 'width']),
    'misspelt top-level key': lambda w: (
        'train.py', [w.config('trian.py', 'train_cfg =', 'trian_cfg =')],
        ['trian.py', 'trian_cfg', 'did you mean train_cfg']),
    'misspelt evaluator key': lambda w: (
        'test.py', [w.config('evaluater.py', 'test_evaluator =',
                             'test_evaluater =', ), 'x.pth'],
        ['evaluater.py', 'test_evaluater', 'test_evaluator']),
    'unregistered model type': lambda w: (
        'train.py', [w.config('stgnc.py', "type='STGCN'", "type='STGNC'")],
        ['stgnc.py', 'model.backbone.type', "'STGNC'", "'STGCN'"]),
    'unregistered dataset type': lambda w: (
        'train.py', [w.config('dset.py', "type='SkelactDataset'",
                              "type='SkelactDatset'")],
        ['dset.py', 'dataset.type', "'SkelactDataset'"]),
    'unregistered optimizer': lambda w: (
        'train.py', [w.config('sdg.py', "type='SGD'", "type='SDG'")],
        ['sdg.py', 'optim_wrapper.optimizer.type', "'SGD'"]),
    'unknown constructor argument in the file': lambda w: (
        'train.py', [w.config('clases.py', 'num_classes=3', 'num_clases=3')],
        ['clases.py', 'model.head.num_clases', 'LinearHead',
         "'num_classes'"]),
    'constructor refuses a value': lambda w: (
        'train.py', [w.config('layout.py', "type='STGCN'",
                              "graph_cfg=dict(layout='ntu'), type='STGCN'")],
        ['layout.py', 'model.backbone', 'STGCN', "'ntu'"]),
    'config file missing': lambda w: (
        'train.py', [str(w.root / 'nope.py')], ['nope.py']),
    'config is a folder': lambda w: (
        'print_config.py', [str(w.root / 'a_folder.pth')], ['a_folder.pth']),
    'config of another format': lambda w: (
        'print_config.py', [w.file('cfg.txt', 'model = 1\n')], ['cfg.txt']),

    # overrides
    'override key typo': lambda w: (
        'train.py', [w.good, '--cfg-options', 'trian_cfg.max_epochs=1'],
        ["no key 'trian_cfg'", 'train_cfg']),
    'override of a config variable': lambda w: (
        'train.py', [w.config('var.py', 'train_cfg = dict(max_epochs=1,',
                              'max_epochs = 1\ntrain_cfg = dict('
                              'max_epochs=max_epochs,'),
                     '--cfg-options', 'max_epochs=5'],
        ['var.py', 'max_epochs', 'set train_cfg.max_epochs']),
    'override of pretrained': lambda w: (
        'print_config.py',
        [w.config('pre_var.py', "type='STGCN'",
                  "init_cfg=dict(type='Pretrained', checkpoint=pretrained), "
                  "type='STGCN'", prepend="pretrained = 'a.pth'\n"),
         '--cfg-options', 'pretrained=b.pth'],
        ['pre_var.py', 'model.backbone.init_cfg.checkpoint']),
    'override text for an integer': lambda w: (
        'train.py', [w.good, '--cfg-options', 'train_cfg.max_epochs=abc'],
        ['good.py', 'train_cfg.max_epochs', 'integer', "'abc'"]),
    'override a number for a dict': lambda w: (
        'train.py', [w.good, '--cfg-options', 'train_cfg=3'],
        ['train_cfg', 'dict']),
    'override text for a width': lambda w: (
        'train.py', [w.good, '--cfg-options',
                     'model.backbone.hidden_channels=wide'],
        ['model.backbone.hidden_channels', 'integer']),
    'override a flag with text': lambda w: (
        'print_config.py', [w.good, '--cfg-options',
                            'train_dataloader.sampler.shuffle=yes'],
        ['train_dataloader.sampler.shuffle', 'True or False']),
    'override unknown top-level key': lambda w: (
        'print_config.py', [w.good, '--cfg-options', 'foo=1'],
        ['good.py', 'foo']),
    'override list index out of range': lambda w: (
        'print_config.py', [w.good, '--cfg-options',
                            'test_dataloader.dataset.pipeline.3.type=X'],
        ['test_dataloader.dataset.pipeline.3.type', 'index']),
    'override constructor argument typo': lambda w: (
        'train.py', [w.good, '--cfg-options',
                     'model.backbone.hiden_channels=4'],
        ['model.backbone.hiden_channels', 'STGCN', "'hidden_channels'"]),
    'protocol override of a pretraining variable': lambda w: (
        'print_config.py', [w.pre, '--protocol', 'linear', '--checkpoint',
                            'none', '--cfg-options', 'max_epochs=1'],
        ['max_epochs', 'train_cfg.max_epochs']),
    'protocol override of the class count': lambda w: (
        'print_config.py', [w.pre, '--protocol', 'linear', '--checkpoint',
                            'none', '--cfg-options', 'num_classes=5'],
        ['num_classes', 'model.head.num_classes']),
    'override of a protocol file variable': lambda w: (
        'print_config.py', [_override(w, '_loader = dict(batch_size=8)\n'
                                      'train_dataloader = _loader\n'),
                            '--checkpoint', 'none', '--cfg-options',
                            '_loader.batch_size=2'],
        ['_loader.batch_size', 'train_dataloader.batch_size']),
    'protocol override file typo': lambda w: (
        'print_config.py', [_override(w, 'trian_cfg = dict(max_epochs=1)\n'),
                            '--checkpoint', 'none'],
        ['lin_', 'trian_cfg', 'train_cfg']),
    'unknown protocol in an override file': lambda w: (
        'print_config.py', [w.file('lineer.py', "_base_ = './pre.py'\n"
                                   "protocol = 'lineer'\n")],
        ['lineer']),

    # broken checkpoints
    'empty checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'empty.pth'], ['empty.pth', 'empty']),
    'truncated checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'trunc.pth'],
        ['trunc.pth', 'truncated']),
    'text file as checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'text.pth'], ['text.pth', 'text file']),
    'plain pickle as checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'plain.pkl'],
        ['plain.pkl', 'plain Python pickle']),
    'checkpoint that is a list': lambda w: (
        'test.py', [w.good, w.root / 'list.pth'], ['list.pth', 'list']),
    'zip archive as checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'other.zip'], ['other.zip', 'zip']),
    'folder as checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'a_folder.pth'],
        ['a_folder.pth', 'folder']),
    'missing checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'nope.pth'], ['nope.pth']),
    'random bytes as checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'random.pth'],
        ['random.pth', 'not a torch checkpoint']),
    'cut legacy checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'legacy_cut.pth'],
        ['legacy_cut.pth', 'truncated or corrupt']),
    'hostile checkpoint': lambda w: (
        'test.py', [w.good, w.root / 'hostile.pth'],
        ['hostile.pth', 'allow-list']),
    'resume from an empty checkpoint': lambda w: (
        'train.py', [w.good, '--work-dir', w.root / 'w_resume', '--resume',
                     w.root / 'empty.pth'], ['empty.pth', 'empty']),
    'protocol encoder from a text file': lambda w: (
        'train.py', [w.pre, '--protocol', 'linear', '--checkpoint',
                     w.root / 'text.pth'], ['text.pth', 'text file']),
    'convert a truncated checkpoint': lambda w: (
        'convert/convert_ckpt.py', [w.root / 'trunc.pth', w.root / 'o.pth'],
        ['trunc.pth', 'truncated']),
    'convert a text file': lambda w: (
        'convert/convert_ckpt.py', [w.root / 'text.pth', w.root / 'o.pth'],
        ['text.pth', 'text file']),

    # bad arrays and label files
    'dataset folder missing': lambda w: (
        'train.py', [w.config('nodata.py', w.data, str(w.root / 'nodata'))],
        ['nodata']),
    'dataset split missing': lambda w: (
        'train.py', [w.config('split.py', "split='train'", "split='trainn'")],
        ['splits.npz', 'trainn']),
    'dataset keypoint array missing': lambda w: (
        'train.py', [_dataset_config(
            w, lambda d: os.remove(d / 'keypoint.npy'))[0]],
        ['keypoint.npy']),
    'dataset meta.json not JSON': lambda w: (
        'train.py', [_dataset_config(w, lambda d: (d / 'meta.json')
                                     .write_text('{"format": "skelact",'))[0]],
        ['meta.json', 'JSON']),
    'dataset keypoint array of another shape': lambda w: (
        'train.py', [_dataset_config(w, lambda d: np.save(
            d / 'keypoint.npy', np.zeros((960, 25, 3), 'f4')))[0]],
        ['keypoint.npy', 'shape']),
    'dataset index without a column': lambda w: (
        'train.py', [_dataset_config(w, _drop_total_frames)[0]],
        ['index.npz', 'total_frames']),
    'aimclr label file not a pair': lambda w: (
        'train.py', [_aimclr_config(w, _aimclr_root(
            w, labels=lambda names: pickle.dumps(names)))],
        ['train_label.pkl', 'pair']),
    'aimclr label file hostile': lambda w: (
        'train.py', [_aimclr_config(w, _aimclr_root(
            w, labels=lambda names: pickle.dumps(_Hostile())))],
        ['train_label.pkl']),
    'aimclr labels of another length': lambda w: (
        'train.py', [_aimclr_config(w, _aimclr_root(
            w, labels=lambda names: pickle.dumps((names, [0, 1]))))],
        ['train_label.pkl', 'labels']),
    'aimclr array of another layout': lambda w: (
        'train.py', [_aimclr_config(w, _aimclr_root(
            w, shape=(6, 3, 10, 17, 2)))],
        ['train_position.npy', 'V=25']),
    'score file missing': lambda w: (
        'analysis/fuse_scores.py', [w.root / 'nope.npz'], ['nope.npz']),
    'score file that is text': lambda w: (
        'analysis/fuse_scores.py', [w.root / 'text.pth'],
        ['text.pth', '.npz']),
    'score file without labels': lambda w: (
        'analysis/fuse_scores.py', [_npz(w, 'nolabels.npz',
                                         scores=np.zeros((4, 3)))],
        ['nolabels.npz', 'labels']),
    'score files of other samples': lambda w: (
        'analysis/fuse_scores.py', [_scores(w, 'a.npz', 4),
                                    _scores(w, 'b.npz', 5)],
        ['b.npz', 'a.npz']),
    'synthetic data with no classes': lambda w: (
        'data/make_synthetic.py', ['--out', w.root / 'syn', '--num-classes',
                                   '0'], ['num_classes']),
    'work dir under a file': lambda w: (
        'train.py', [w.good, '--work-dir', w.root / 'text.pth' / 'run'],
        ['text.pth']),
}


def _drop_total_frames(folder):
    index = dict(np.load(folder / 'index.npz'))
    del index['total_frames']
    np.savez(folder / 'index.npz', **index)


def _broken_base(w):
    w.file('base_broken.py', 'a = 1\nb = (\n')
    return w.file('child.py', "_base_ = './base_broken.py'\nc = 2\n")


def _npz(w, name, **arrays):
    path = w.root / name
    np.savez(path, **arrays)
    return str(path)


def _scores(w, name, n):
    return _npz(w, name, scores=np.zeros((n, 3), 'f4'),
                labels=np.zeros(n, np.int64),
                sample_names=np.array([f's{i}' for i in range(n)]))


def test_at_least_40_malformed_inputs():
    assert len(CASES) >= 40


@pytest.mark.parametrize('case', sorted(CASES))
def test_bad_input_gets_one_line(ws, case):
    tool, args, names = CASES[case](ws)
    line = error_line(*run_tool(tool, *args, cwd=str(ws.root)))
    for name in names:
        assert name in line, (name, line)
    assert not (ws.root / 'pwned').exists()


# --- the handler itself -------------------------------------------------

def _handled(exc, argv=None):
    from skelact.cli.errors import user_errors
    err, old = io.StringIO(), sys.argv
    sys.argv = argv or ['tool']
    try:
        with contextlib.redirect_stderr(err):
            with pytest.raises(SystemExit) as e:
                with user_errors():
                    raise exc
    finally:
        sys.argv = old
    return e.value.code, err.getvalue()


def test_ctrl_c_exits_130_without_traceback(monkeypatch):
    monkeypatch.delenv('SKELACT_TRACEBACK', raising=False)
    code, err = _handled(KeyboardInterrupt())
    assert code == 130 and err.strip() == 'skelact: interrupted'


def test_a_bug_keeps_its_traceback(monkeypatch):
    from skelact.cli.errors import user_errors
    monkeypatch.delenv('SKELACT_TRACEBACK', raising=False)
    with pytest.raises(AttributeError):
        with user_errors():
            None.shape  # noqa: B018 (a bug, not a user's mistake)
    with pytest.raises(ValueError):  # raised inside numpy, not a check
        with user_errors():
            np.zeros(3).reshape(2, 2)


def test_debug_flag_and_environment_show_the_traceback(monkeypatch):
    from skelact.cli.errors import user_errors
    from skelact.utils.errors import ConfigError
    monkeypatch.delenv('SKELACT_TRACEBACK', raising=False)
    monkeypatch.setattr(sys, 'argv', ['tool', 'cfg.py', '--debug'])
    with pytest.raises(ConfigError):
        with user_errors():
            assert sys.argv == ['tool', 'cfg.py']  # the tool never sees it
            raise ConfigError('cfg.py: key: expected x')
    monkeypatch.setenv('SKELACT_TRACEBACK', '1')
    with pytest.raises(ConfigError):
        with user_errors():
            raise ConfigError('cfg.py: key: expected x')


def test_a_check_in_skelact_is_one_line(monkeypatch):
    monkeypatch.delenv('SKELACT_TRACEBACK', raising=False)
    from skelact.skeletons import get_layout
    try:
        get_layout('no_such_layout')
    except Exception as e:  # a KeyError raised by skelact's own check
        code, err = _handled(e)
    assert code == 2 and err.count('\n') == 1
    assert "'no_such_layout'" in err and 'Traceback' not in err


def test_a_check_in_a_dataloader_worker_is_one_line():
    """torch re-raises a worker's error with its traceback as text: a
    check of skelact's is still one line, an error inside numpy is not."""
    from torch._utils import ExceptionWrapper
    from skelact.cli.errors import user_message
    from skelact.skeletons import get_layout

    def reraised(fn):
        try:
            fn()
        except Exception:
            wrapper = ExceptionWrapper(where='in DataLoader worker process 0')
        try:
            wrapper.reraise()
        except Exception as e:
            return user_message(e)

    msg = reraised(lambda: get_layout('no_such_layout'))
    assert "'no_such_layout'" in msg and '\n' not in msg
    assert 'Traceback' not in msg
    assert reraised(lambda: np.zeros(3).reshape(2, 2)) is None


def test_shipped_configs_pass_the_key_checks():
    """No shipped config trips the misspelt-key check (their top-level
    names, read from the files and their bases)."""
    import ast
    import glob
    from skelact.cli.config import check_config_keys
    from skelact.cli.config_keys import config_files
    configs = [c for c in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                                    recursive=True) if '_base_' not in c]
    assert len(configs) > 20
    for path in configs:
        files = config_files(path)
        names = {t.id for f in files for node in ast.parse(open(f).read()).body
                 if isinstance(node, ast.Assign) for t in node.targets
                 if isinstance(t, ast.Name)}
        assert 'model' in names, path
        check_config_keys(dict.fromkeys(names - {'_base_'}), files)
    # the check itself: a close misspelling that nothing reads
    from skelact.utils.errors import ConfigError
    with pytest.raises(ConfigError, match='did you mean param_scheduler'):
        check_config_keys({'param_schedular': 1}, files)


def test_shipped_variables_name_the_keys_to_set():
    """The configs the issue names: overriding their variables names the
    computed keys."""
    from skelact.cli import resolve_config
    from skelact.utils.errors import ConfigError
    cases = [('configs/aimclr/stgcn_synthetic_xsub.py', 'max_epochs',
              'set train_cfg.max_epochs'),
             ('configs/stgcn/stgcn_synthetic_xsub.py', 'max_epochs',
              'param_scheduler.0.T_max'),
             ('configs/motionbert/dstformer_ntu60_xsub_finetune.py',
              'pretrained', 'set model.backbone.init_cfg.checkpoint')]
    for path, key, expected in cases:
        with pytest.raises(ConfigError, match=expected):
            resolve_config(osp.join(ROOT, path), cfg_options={key: 1})
    # the keys they name take effect
    r = resolve_config(osp.join(ROOT, cases[0][0]),
                       cfg_options={'train_cfg.max_epochs': 1})
    assert r.cfg.train_cfg.max_epochs == 1


# --- a few as real processes ---------------------------------------------

def _process(args, cwd):
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               PYTHONPATH=ROOT)
    env.pop('SKELACT_TRACEBACK', None)
    return subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_processes_print_one_line_and_debug_shows_the_traceback(ws):
    bad = ws.config('proc_syntax.py', append='x = (\n')
    proc = _process([osp.join(TOOLS, 'print_config.py'), bad], ws.root)
    line = error_line(proc.returncode, proc.stderr)
    assert 'proc_syntax.py:' in line and proc.stderr.count('\n') == 1
    proc = _process([osp.join(TOOLS, 'test.py'), ws.good,
                     str(ws.root / 'empty.pth'), '--debug'], ws.root)
    assert proc.returncode == 1 and 'Traceback' in proc.stderr
    assert 'CheckpointFileError' in proc.stderr
