"""What ``tools/train.py`` does before and around a run so that nothing is
lost: a work dir that holds a run is not trained into again without
``--resume`` or ``--overwrite``; ``--resume`` skips a corrupt latest
checkpoint; checkpoints are written atomically; Ctrl-C prints the command
that continues."""
import os
import os.path as osp
import re
import shlex
import shutil
import sys
from contextlib import contextmanager, suppress
from typing import List, Optional

from skelact.utils.atomic_io import OutputExists, remove_stale_temp_files
from skelact.utils.checkpoint_file import (describe_checkpoint_file,
                                           validate_checkpoint_file)
from skelact.utils.errors import CheckpointFileError, ConfigError

__all__ = ['prepare_run', 'run_files', 'find_resumable_checkpoint',
           'use_atomic_checkpoints', 'resume_command',
           'resume_hint_on_interrupt', 'WorkDirInUse']

_STEP_CKPT = re.compile(r'^(epoch|iter)_(\d+)\.pth$')


class WorkDirInUse(OutputExists):
    """Training would replace the checkpoints of an earlier run."""


def _rank0() -> bool:
    return os.environ.get('RANK', '0') == '0'


def _warn(msg: str):
    if _rank0():
        print(f'skelact: warning: {msg}', file=sys.stderr, flush=True)


def run_files(work_dir: str) -> List[str]:
    """The files of a training run directly in ``work_dir`` (not in its
    sub-folders, e.g. the protocol runs below a pretraining run):
    ``last_checkpoint``, ``epoch_N.pth``, ``iter_N.pth``, ``best_*.pth``."""
    if not osp.isdir(work_dir):
        return []
    out = []
    for name in sorted(os.listdir(work_dir)):
        if not osp.isfile(osp.join(work_dir, name)):
            continue
        if name == 'last_checkpoint' or _STEP_CKPT.match(name) or (
                name.startswith('best_') and name.endswith('.pth')):
            out.append(name)
    return out


def _step_checkpoints(folder: str) -> List[str]:
    """``epoch_N.pth`` / ``iter_N.pth`` in ``folder``, newest first."""
    found = []
    for name in run_files(folder):
        m = _STEP_CKPT.match(name)
        if m:
            found.append((int(m.group(2)), osp.join(folder, name)))
    return [p for _, p in sorted(found, reverse=True)]


def find_resumable_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint ``--resume`` continues from: the one
    ``last_checkpoint`` names or, when that one is missing or cannot be
    read (empty, truncated, not a checkpoint), the newest complete
    ``epoch_N.pth`` / ``iter_N.pth``, with a warning naming what was
    skipped. ``None`` when the work dir holds no checkpoint at all (the run
    starts from scratch, as mmengine does); an error when it holds only
    unreadable ones."""
    pointer = osp.join(work_dir, 'last_checkpoint')
    candidates = []
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip()
        if named:
            candidates.append(named)
            candidates += _step_checkpoints(osp.dirname(named) or work_dir)
    candidates += _step_checkpoints(work_dir)
    seen, skipped = set(), []
    for path in candidates:
        key = osp.abspath(path)
        if key in seen:
            continue
        seen.add(key)
        problem = describe_checkpoint_file(path)
        if problem is None:
            if skipped:
                _warn(f'--resume: skipped {"; ".join(skipped)}; resuming '
                      f'from {path}, the newest complete checkpoint')
            return path
        skipped.append(f'{path} ({problem})')
    if skipped:
        raise CheckpointFileError(
            f'{work_dir}: no complete checkpoint to resume from: '
            + '; '.join(skipped))
    return None


def use_atomic_checkpoints(cfg):
    """A config that names mmengine's ``CheckpointHook`` gets skelact's
    :class:`~skelact.engine.hooks.AtomicCheckpointHook` (same arguments,
    crash-safe writes)."""
    hooks = cfg.get('default_hooks') or {}
    ckpt = hooks.get('checkpoint')
    if ckpt is not None and ckpt.get('type') in (
            'CheckpointHook', 'mmengine.CheckpointHook'):
        ckpt['type'] = 'AtomicCheckpointHook'


def prepare_run(cfg, resume: Optional[str], overwrite: bool = False):
    """Set ``cfg.resume`` / ``cfg.load_from`` for ``--resume [CKPT]`` and
    guard the work dir:

    - ``--resume``: the newest complete checkpoint of the work dir
      (:func:`find_resumable_checkpoint`);
    - ``--resume CKPT``: CKPT, refused in one line when it is missing,
      empty, truncated or not a checkpoint;
    - neither: a work dir holding a run (:func:`run_files`) is refused
      unless ``overwrite``, which deletes that run's checkpoints first
      (logs and sub-folders stay).
    """
    use_atomic_checkpoints(cfg)
    work_dir = cfg.work_dir
    if resume is not None and overwrite:
        raise ConfigError('--resume continues the run in the work dir and '
                          '--overwrite deletes it: pass one of them')
    if resume == 'auto':
        path = find_resumable_checkpoint(work_dir)
        if path is None:    # nothing saved yet: a fresh run (load_from kept)
            _warn(f'--resume: {work_dir} holds no checkpoint yet; starting '
                  'from scratch')
            cfg.resume = False
            return
        cfg.resume, cfg.load_from = True, path
        return
    if resume is not None:
        validate_checkpoint_file(resume)
        cfg.resume, cfg.load_from = True, resume
        return
    found = run_files(work_dir)
    if not found:
        return
    if not overwrite:
        shown = ', '.join(found[:4]) + (', ...' if len(found) > 4 else '')
        raise WorkDirInUse(
            f'{work_dir}: holds a run ({shown}); pass --resume to continue '
            'it, --work-dir DIR to start a new run elsewhere, or '
            '--overwrite to delete its checkpoints and start again')
    if _rank0():
        for name in found:
            with suppress(FileNotFoundError):
                os.remove(osp.join(work_dir, name))
        remove_stale_temp_files(work_dir)
        _warn(f'--overwrite: deleted the earlier run\'s checkpoints in '
              f'{work_dir}: {", ".join(found)}')


def _python() -> str:
    """How to name this interpreter in a command the user can paste."""
    exe = sys.executable
    if shutil.which('python') == exe or shutil.which('python3') == exe:
        return 'python' if shutil.which('python') == exe else 'python3'
    rel = osp.relpath(exe)
    return rel if not rel.startswith('..') else exe


def resume_command(argv: List[str], keep_resume: bool = False) -> str:
    """``argv`` (``sys.argv`` of tools/train.py) as the command that
    continues the run: ``--overwrite`` and ``--resume [CKPT]`` dropped,
    ``--resume`` appended (``keep_resume``: the command as it was)."""
    args, i = [], 1
    while i < len(argv):
        a = argv[i]
        if not keep_resume and a == '--resume':
            if i + 1 < len(argv) and not argv[i + 1].startswith('-'):
                i += 1
        elif (not keep_resume and a.startswith('--resume=')) or \
                a == '--overwrite':
            pass
        else:
            args.append(a)
        i += 1
    if not any(a == '--resume' or a.startswith('--resume=') for a in args):
        args.append('--resume')
    if 'pytorch' in args and os.environ.get('LOCAL_WORLD_SIZE'):
        # a torchrun worker: the command is the launcher script's
        rest, j = [], 0
        while j < len(args):
            if args[j] == '--launcher' and j + 1 < len(args):
                j += 2
                continue
            if not re.match(r'^--local[-_]rank(=|$)', args[j]):
                rest.append(args[j])
            j += 1
        script = osp.join(osp.dirname(argv[0]), 'dist_train.sh')
        return shlex.join(['bash', script, rest[0],
                           os.environ['LOCAL_WORLD_SIZE']] + rest[1:])
    return shlex.join([_python(), argv[0]] + args)


@contextmanager
def resume_hint_on_interrupt(work_dir: str, argv: Optional[List[str]] = None):
    """Ctrl-C (SIGINT) stops the run: no partial file is left (checkpoint
    writes are atomic) and one line says how to continue; exit status 130.
    When the run has no checkpoint yet, the command is the one that was
    run (with ``--resume``)."""
    argv = list(sys.argv if argv is None else argv)
    try:
        yield
    except KeyboardInterrupt:
        if _rank0():
            saved = any(_STEP_CKPT.match(n) for n in run_files(work_dir))
            cmd = resume_command(argv, keep_resume=not saved)
            print(f'skelact: interrupted; no partial checkpoint was left in '
                  f'{work_dir}; continue with: {cmd}', file=sys.stderr,
                  flush=True)
        raise SystemExit(130) from None
