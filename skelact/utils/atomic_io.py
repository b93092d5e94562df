"""Files that are either complete or absent, and outputs that are never
replaced without consent.

Every file skelact publishes (checkpoints, ``last_checkpoint``, dataset
arrays, reports) is written to a temporary file in the destination folder,
flushed to disk (``fsync``) and renamed over the final name: a kill, a
crash or a full disk leaves the previous file or nothing, never a
half-written file under the final name. Temporary files end in
:data:`TMP_SUFFIX`, so that leftovers of a killed process are recognisably
skelact's own and can be cleaned up.
"""
import os
import os.path as osp
import tempfile
from contextlib import contextmanager, suppress
from typing import Iterable, List

from skelact.utils.errors import DataError

__all__ = ['TMP_SUFFIX', 'OutputExists', 'atomic_write_path',
           'write_text_atomic', 'publish_file', 'fsync_dir',
           'remove_stale_temp_files', 'refuse_existing_outputs',
           'temp_dir_for', 'publish_folder']

TMP_SUFFIX = '.skelact-tmp'


class OutputExists(DataError):
    """An output the tool would write already exists and the user did not
    pass ``--overwrite`` (a subclass of :class:`DataError`, so that the
    tools print it as one line)."""


def fsync_dir(folder: str):
    """Make a rename in ``folder`` durable (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: str):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_file(tmp: str, path: str):
    """fsync ``tmp``, rename it to ``path`` (atomic on one file system),
    fsync the folder."""
    _fsync_file(tmp)
    os.replace(tmp, path)
    fsync_dir(osp.dirname(osp.abspath(path)))


def temp_path_for(path: str) -> str:
    """A fresh, empty temporary file next to ``path`` (same folder, so the
    final rename stays on one file system)."""
    folder, name = osp.split(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f'.{name}.',
                               suffix=TMP_SUFFIX)
    os.close(fd)
    return tmp


@contextmanager
def atomic_write_path(path: str):
    """Yield a temporary path next to ``path``; write the file there. On
    success it is fsynced and renamed to ``path``; on any exception
    (``KeyboardInterrupt`` included) it is removed and ``path`` is left as
    it was."""
    tmp = temp_path_for(path)
    try:
        yield tmp
        publish_file(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.remove(tmp)
        raise


def write_text_atomic(path: str, text: str):
    with atomic_write_path(path) as tmp:
        with open(tmp, 'w') as f:
            f.write(text)


def temp_dir_for(out_dir: str) -> str:
    """A fresh hidden temporary folder next to ``out_dir`` (same file
    system); earlier ones a killed writer of ``out_dir`` left are removed."""
    import glob
    import shutil
    parent, name = osp.split(osp.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    pattern = f'.{glob.escape(name)}.*{TMP_SUFFIX}'
    for stale in glob.glob(osp.join(glob.escape(parent), pattern)):
        shutil.rmtree(stale, ignore_errors=True)
    return tempfile.mkdtemp(dir=parent, prefix=f'.{name}.', suffix=TMP_SUFFIX)


def publish_folder(tmp_dir: str, out_dir: str, own_files: Iterable[str],
                   marker: str = 'meta.json'):
    """Move a finished output folder into place. A new ``out_dir`` is one
    rename. Into an existing one (the user passed ``--overwrite``) only
    ``own_files`` move, one by one: ``marker`` is removed first and put
    back last (a crash in between leaves no folder that looks complete),
    an own file this run did not produce is removed, other files stay."""
    import shutil
    if not osp.exists(out_dir):
        os.replace(tmp_dir, out_dir)
        fsync_dir(osp.dirname(osp.abspath(out_dir)))
        return
    target = osp.join(out_dir, marker)
    if osp.exists(target):
        os.remove(target)
    for name in own_files:
        if name == marker:
            continue
        src, dst = osp.join(tmp_dir, name), osp.join(out_dir, name)
        if osp.exists(src):
            os.replace(src, dst)
        elif osp.exists(dst):
            os.remove(dst)
    os.replace(osp.join(tmp_dir, marker), target)
    fsync_dir(out_dir)
    shutil.rmtree(tmp_dir, ignore_errors=True)


def remove_stale_temp_files(folder: str) -> List[str]:
    """Remove the temporary files a killed skelact process left directly in
    ``folder`` (only names ending in :data:`TMP_SUFFIX`); returns them."""
    removed = []
    if not osp.isdir(folder):
        return removed
    for name in sorted(os.listdir(folder)):
        path = osp.join(folder, name)
        if name.startswith('.') and name.endswith(TMP_SUFFIX) and \
                osp.isfile(path):
            with suppress(OSError):
                os.remove(path)
                removed.append(path)
    return removed


def refuse_existing_outputs(paths: Iterable[str], overwrite: bool,
                            what: str = 'output'):
    """Stop before any work when an output already exists, unless
    ``overwrite``. Empty folders do not count (nothing to lose)."""
    if overwrite:
        return
    found = []
    for p in paths:
        if osp.isdir(p):
            if os.listdir(p):
                found.append(p)
        elif osp.lexists(p):
            found.append(p)
    if found:
        shown = ', '.join(found[:5]) + (
            f' (+{len(found) - 5} more)' if len(found) > 5 else '')
        raise OutputExists(
            f'{shown}: {what} already exists; refusing to replace it. Pass '
            f'--overwrite (overwrite=True) to replace the files this tool '
            f'writes (nothing else is touched), or choose another output '
            f'location')
