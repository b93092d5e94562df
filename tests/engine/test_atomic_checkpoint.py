"""Crash-safe checkpoints (AtomicCheckpointHook) and what --resume picks."""
import os
import os.path as osp

import pytest
import torch
from mmengine.fileio.backends.local_backend import LocalBackend

from conftest import tiny_config
from skelact.cli.run_guard import (find_resumable_checkpoint, prepare_run,
                                   resume_command, run_files,
                                   use_atomic_checkpoints)
from skelact.utils.checkpoint_file import describe_checkpoint_file
from skelact.utils.errors import CheckpointFileError


def _runner(tiny_dataset, work, **hook):
    from mmengine.config import Config
    from mmengine.runner import Runner
    import skelact.engine.hooks  # noqa: F401  (registers the hook)
    cfg = tiny_config(tiny_dataset, str(work), max_epochs=3)
    cfg['default_hooks']['checkpoint'] = dict(type='AtomicCheckpointHook',
                                              interval=1, **hook)
    return Runner.from_cfg(Config(cfg))


def _complete(path):
    return osp.isfile(path) and describe_checkpoint_file(path) is None


@pytest.fixture
def watch_removals(monkeypatch):
    """Record, at every checkpoint removal, whether ``last_checkpoint``
    names another complete checkpoint (what a kill right then leaves)."""
    seen = []
    remove = LocalBackend.remove

    def checked(self, filepath):
        work = osp.dirname(filepath)
        with open(osp.join(work, 'last_checkpoint')) as f:
            latest = f.read().strip()
        seen.append((osp.basename(filepath), osp.basename(latest),
                     latest != filepath and _complete(latest)))
        remove(self, filepath)
    monkeypatch.setattr(LocalBackend, 'remove', checked)
    return seen


def test_max_keep_one_never_leaves_zero_checkpoints(tiny_dataset, tmp_path,
                                                    watch_removals):
    runner = _runner(tiny_dataset, tmp_path / 'w', max_keep_ckpts=1)
    runner.train()
    assert [r[:2] for r in watch_removals] == [
        ('epoch_1.pth', 'epoch_2.pth'), ('epoch_2.pth', 'epoch_3.pth')]
    assert all(ok for *_, ok in watch_removals)
    files = sorted(os.listdir(tmp_path / 'w'))
    assert [f for f in files if f.endswith('.pth')] == ['epoch_3.pth']
    assert not [f for f in files if f.startswith('.')]  # no temporaries
    # the kept checkpoint carries the bookkeeping mmengine resumes from
    from skelact.utils.safe_load import safe_torch_load
    hub = safe_torch_load(str(tmp_path / 'w' / 'epoch_3.pth'))[
        'message_hub']['runtime_info']
    assert hub['keep_ckpt_ids'] == [3]
    assert hub['last_ckpt'].endswith('epoch_3.pth')


def test_best_checkpoint_is_replaced_only_when_the_new_one_is_complete(
        tiny_dataset, tmp_path, watch_removals):
    runner = _runner(tiny_dataset, tmp_path / 'w', max_keep_ckpts=1,
                     save_best='acc/top1', rule='greater')
    runner.train()
    hook = next(h for h in runner.hooks
                if type(h).__name__ == 'AtomicCheckpointHook')
    watch_removals.clear()
    removals = []
    remove = LocalBackend.remove

    def best_checked(self, filepath):
        if osp.basename(filepath).startswith('best_'):
            removals.append((filepath, hook.best_ckpt_path,
                             _complete(hook.best_ckpt_path)))
        remove(self, filepath)
    LocalBackend.remove = best_checked
    try:
        for epoch, score in ((4, 2.0), (5, 3.0)):   # better than any real
            runner.train_loop._epoch = epoch
            hook._save_best_checkpoint(runner, {'acc/top1': score})
    finally:
        LocalBackend.remove = remove
    assert len(removals) == 2
    for old, new, new_complete in removals:
        assert old != new and new_complete
    best = [f for f in os.listdir(tmp_path / 'w') if f.startswith('best_')]
    assert best == ['best_acc_top1_epoch_5.pth']
    assert runner.message_hub.get_info('best_score') == 3.0


def _save(path, epoch):
    torch.save(dict(meta=dict(epoch=epoch), state_dict={}), path)


@pytest.mark.parametrize('damage', ['empty', 'truncated', 'text'])
def test_resume_skips_a_corrupt_latest_checkpoint(tmp_path, capsys, damage):
    for e in (1, 2, 3):
        _save(tmp_path / f'epoch_{e}.pth', e)
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_3.pth'))
    latest = tmp_path / 'epoch_3.pth'
    if damage == 'empty':
        latest.write_bytes(b'')
    elif damage == 'truncated':
        latest.write_bytes(latest.read_bytes()[:200])
    else:
        latest.write_text('not a checkpoint\n')
    assert find_resumable_checkpoint(str(tmp_path)) == str(
        tmp_path / 'epoch_2.pth')
    err = capsys.readouterr().err
    assert 'epoch_3.pth' in err and 'skipped' in err
    assert {'empty': 'empty', 'truncated': 'truncated',
            'text': 'not a checkpoint'}[damage] in err


def test_resume_without_a_complete_checkpoint(tmp_path):
    assert find_resumable_checkpoint(str(tmp_path)) is None  # fresh run
    (tmp_path / 'epoch_1.pth').write_bytes(b'')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_2.pth'))
    with pytest.raises(CheckpointFileError) as info:
        find_resumable_checkpoint(str(tmp_path))
    msg = str(info.value)
    assert 'no complete checkpoint' in msg and 'epoch_1.pth' in msg
    assert 'epoch_2.pth (does not exist)' in msg


@pytest.mark.parametrize('content,says', [
    (b'', 'empty'), (None, 'truncated'), (b'epoch 3\n', 'not a checkpoint')])
def test_explicit_corrupt_resume_checkpoint_is_refused(tmp_path, content,
                                                       says):
    from mmengine.config import Config
    path = tmp_path / 'x.pth'
    if content is None:
        _save(path, 1)
        path.write_bytes(path.read_bytes()[:300])
    else:
        path.write_bytes(content)
    cfg = Config(dict(work_dir=str(tmp_path / 'w')))
    with pytest.raises(CheckpointFileError) as info:
        prepare_run(cfg, str(path))
    assert str(info.value).startswith(f'{path}: ') and says in str(
        info.value)


def test_run_files_are_the_work_dirs_own(tmp_path):
    (tmp_path / 'linear').mkdir()
    (tmp_path / 'linear' / 'epoch_1.pth').write_bytes(b'x')
    (tmp_path / 'linear' / 'last_checkpoint').write_text('x')
    (tmp_path / '20260101_000000').mkdir()
    (tmp_path / 'pretrained_encoder.pth').write_bytes(b'x')  # not a run's
    assert run_files(str(tmp_path)) == []
    from mmengine.config import Config
    prepare_run(Config(dict(work_dir=str(tmp_path))), None)  # not refused
    for name in ('last_checkpoint', 'iter_20.pth',
                 'best_acc_top1_epoch_2.pth'):
        (tmp_path / name).write_text('x')
    assert run_files(str(tmp_path)) == [
        'best_acc_top1_epoch_2.pth', 'iter_20.pth', 'last_checkpoint']


def test_resume_command_and_hook_upgrade():
    argv = ['tools/train.py', 'cfg.py', '--resume', 'w/epoch_2.pth',
            '--overwrite', '--cfg-options', 'a.b=1', 'c=x y']
    cmd = resume_command(argv)
    assert cmd.endswith("tools/train.py cfg.py --cfg-options a.b=1 "
                        "'c=x y' --resume")
    assert resume_command(['tools/train.py', 'cfg.py', '--resume=x.pth'],
                          keep_resume=True).endswith('--resume=x.pth')
    from mmengine.config import Config
    cfg = Config(dict(default_hooks=dict(checkpoint=dict(
        type='CheckpointHook', interval=2))))
    use_atomic_checkpoints(cfg)
    assert cfg.default_hooks.checkpoint == dict(type='AtomicCheckpointHook',
                                                interval=2)


def test_resume_with_nothing_saved_starts_afresh(tmp_path, capsys):
    from mmengine.config import Config
    cfg = Config(dict(work_dir=str(tmp_path / 'w'), load_from='init.pth'))
    prepare_run(cfg, 'auto')
    assert cfg.resume is False and cfg.load_from == 'init.pth'
    assert 'starting from scratch' in capsys.readouterr().err
    (tmp_path / 'w').mkdir()
    _save(tmp_path / 'w' / 'epoch_2.pth', 2)     # no last_checkpoint
    prepare_run(cfg, 'auto')
    assert cfg.resume is True and cfg.load_from.endswith('epoch_2.pth')
