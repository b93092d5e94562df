"""Converting third-party checkpoint files (see tools/convert)."""
import os
from typing import Optional

import torch

from skelact.utils.atomic_io import atomic_write_path, refuse_existing_outputs
from skelact.utils.converters import convert_checkpoint
from skelact.utils.safe_load import safe_torch_load

__all__ = ['convert_file', 'save_checkpoint_atomic']


def save_checkpoint_atomic(obj: dict, path: str):
    """``torch.save`` to a temporary file in the same folder, fsync, then
    rename: never a half-written checkpoint under ``path``."""
    with atomic_write_path(path) as tmp:
        torch.save(obj, tmp)


def convert_file(src: str, dst: str, source: Optional[str] = None,
                 stream: Optional[str] = None, overwrite: bool = False) -> str:
    """Load ``src`` safely (no pickled code), convert it to skelact naming
    and write ``dst`` (an existing ``dst`` is refused unless
    ``overwrite``); returns ``dst``."""
    refuse_existing_outputs([dst], overwrite, what='the output checkpoint')
    ckpt = safe_torch_load(src)
    if not isinstance(ckpt, dict):
        raise ValueError(f'{src}: expected a dict checkpoint, got '
                         f'{type(ckpt).__name__}')
    out = convert_checkpoint(ckpt, source=source, stream=stream)
    out['meta']['converted_from'] = os.path.abspath(src)
    save_checkpoint_atomic(out, dst)
    return dst
