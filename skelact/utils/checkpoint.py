"""Converting third-party checkpoint files (see tools/convert)."""
import os
import os.path as osp
from typing import Optional

import torch

from skelact.utils.converters import convert_checkpoint
from skelact.utils.safe_load import safe_torch_load

__all__ = ['convert_file', 'save_checkpoint_atomic']


def save_checkpoint_atomic(obj: dict, path: str):
    """``torch.save`` to a temporary file, then rename: never a
    half-written checkpoint."""
    d = osp.dirname(osp.abspath(path))
    os.makedirs(d, exist_ok=True)
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


def convert_file(src: str, dst: str, source: Optional[str] = None,
                 stream: Optional[str] = None) -> str:
    """Load ``src`` safely (no pickled code), convert it to skelact naming
    and write ``dst``; returns ``dst``."""
    ckpt = safe_torch_load(src)
    if not isinstance(ckpt, dict):
        raise ValueError(f'{src}: expected a dict checkpoint, got '
                         f'{type(ckpt).__name__}')
    out = convert_checkpoint(ckpt, source=source, stream=stream)
    out['meta']['converted_from'] = osp.abspath(src)
    save_checkpoint_atomic(out, dst)
    return dst
