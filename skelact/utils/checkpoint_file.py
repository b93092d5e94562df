"""Can a checkpoint file be read at all?

A checkpoint that does not fit the run is :class:`CheckpointMismatch`
(strict loading); this module is about the file itself: missing, a
folder, empty, truncated, a text file, a plain pickle, some other format.
:func:`describe_checkpoint_file` says which from the file's first and last
bytes (cheap, nothing is unpickled); :func:`validate_checkpoint_file`
raises it as one :class:`CheckpointFileError`; :func:`describe_load_failure`
turns an exception of ``torch.load`` into the same kind of message.
"""
import os
import os.path as osp
import zipfile
from typing import Optional

from .errors import CheckpointFileError

__all__ = ['describe_checkpoint_file', 'validate_checkpoint_file',
           'describe_load_failure']

# what ``torch.save(..., _use_new_zipfile_serialization=False)`` writes
# first: pickle protocol 2, then the magic number 0x1950a86a20f9469cfc6c
_LEGACY_MAGIC = b'\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19.'


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode('utf-8')
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in '\t\r\n' for c in text)


def describe_checkpoint_file(path: str) -> Optional[str]:
    """What is wrong with the file at ``path`` as a torch checkpoint
    (``'is empty (0 bytes)'``, ``'is truncated ...'``, ...), or ``None``
    when it looks like one (a complete torch zip archive or a legacy torch
    file). Nothing is unpickled."""
    if osp.isdir(path):
        return 'is a folder, not a checkpoint file'
    if not osp.exists(path):
        return 'does not exist'
    size = osp.getsize(path)
    if size == 0:
        return 'is empty (0 bytes): an interrupted save or a failed copy'
    with open(path, 'rb') as f:
        head = f.read(512)
    if head.startswith(b'PK'):
        if not zipfile.is_zipfile(path):
            return (f'is truncated or corrupt: a zip archive without its '
                    f'end ({size} bytes), as left by an interrupted save '
                    'or copy')
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
        if not any(n.endswith('data.pkl') for n in names):
            return ('is a zip archive but not a torch checkpoint (no '
                    'data.pkl in it)')
        return None
    if head.startswith(_LEGACY_MAGIC):
        return None
    if head[:1] == b'\x80':
        return ('is a plain Python pickle, not a torch checkpoint (save it '
                'with torch.save)')
    if _looks_like_text(head):
        first = head.decode('utf-8').strip().splitlines()
        first = first[0][:40] if first else ''
        return f'is a text file, not a checkpoint (it begins {first!r})'
    return (f'is not a torch checkpoint (unknown format; it begins with '
            f'bytes {head[:8].hex(" ")})')


def validate_checkpoint_file(path: str):
    """Raise ``FileNotFoundError`` or :class:`CheckpointFileError` (the
    message names ``path`` and what it is) unless ``path`` looks like a
    readable torch checkpoint."""
    if not osp.exists(path) and not osp.isdir(path):
        raise FileNotFoundError(f'checkpoint {path!r} does not exist')
    problem = describe_checkpoint_file(path)
    if problem is not None:
        raise CheckpointFileError(f'{path}: {problem}')


def describe_load_failure(path: str, exc: BaseException) -> str:
    """One line for an exception ``torch.load(path)`` raised on a file
    :func:`describe_checkpoint_file` let through (a corrupt entry, a
    legacy file cut short)."""
    problem = describe_checkpoint_file(path)
    if problem is not None:
        return f'{path}: {problem}'
    first = (str(exc).strip().splitlines() or [''])[0][:200]
    what = type(exc).__name__ + (f': {first}' if first else '')
    return (f'{path}: cannot be read as a checkpoint: it is truncated or '
            f'corrupt ({os.path.getsize(path)} bytes; {what})')
