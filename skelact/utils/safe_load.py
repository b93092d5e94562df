"""Safe checkpoint loading on torch >= 2.6.

Since torch 2.6, ``torch.load`` defaults to ``weights_only=True`` and
refuses any pickled global outside an allow-list, which breaks mmengine
0.10.7's resume (its checkpoints carry the message hub's ``HistoryBuffer``
and numpy arrays and scalars). :func:`register_safe_globals` adds exactly
the plain-data classes mmengine writes to torch's allow-list; nothing that
can execute code is admitted, so a hostile checkpoint is still refused.

One class needs more: ``HistoryBuffer.__getstate__`` pickles its class-level
table of statistics *functions*, which unpickles through ``builtins.getattr``
-- a global that must never be allow-listed. Those functions are class
attributes, registered again whenever the defining code is imported, so
skelact makes the buffer pickle its data only.

Safety must not depend on torch's default (``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1``
restores the unsafe pre-2.6 behaviour for every ``torch.load`` that does not
pass ``weights_only``, which mmengine's loaders do not).
:func:`install_safe_loaders` re-registers mmengine's checkpoint schemes, so
that the Runner's ``load_from`` and ``resume`` and the ``Pretrained``
initialiser load through :func:`safe_torch_load` (local files and http(s)
URLs); the other schemes (``pavi://``, ``s3://``, ``open-mmlab://``, ...)
would unpickle without restriction and are refused.
"""
import argparse
import os.path as osp

import numpy as np
import torch

__all__ = ['SAFE_GLOBALS', 'register_safe_globals', 'safe_torch_load',
           'install_safe_loaders', 'UnsafeCheckpointError']


class UnsafeCheckpointError(RuntimeError):
    """A checkpoint holds pickled objects outside the allow-list (or comes
    through a loader that cannot load it safely)."""


def _numpy_globals():
    core = getattr(np, '_core', None) or np.core
    out = [np.ndarray, np.dtype, core.multiarray._reconstruct,
           core.multiarray.scalar]
    # the dtype classes (numpy >= 1.25 pickles dtypes by their class)
    dtypes = getattr(np, 'dtypes', None)
    if dtypes is not None:
        out += [getattr(dtypes, n) for n in dir(dtypes)
                if n.endswith('DType')]
    return out


def _data_only_getstate(self):
    state = dict(self.__dict__)
    state.pop('statistics_methods', None)
    return state


def _safe_globals():
    from mmengine.logging.history_buffer import HistoryBuffer
    HistoryBuffer.__getstate__ = _data_only_getstate
    # argparse.Namespace: plain attributes, the ``args`` of MAE-style
    # checkpoints (MAMP's checkpoint-*.pth)
    return [HistoryBuffer, argparse.Namespace] + _numpy_globals()


SAFE_GLOBALS = None
_registered = False


def register_safe_globals():
    """Allow-list mmengine's plain-data checkpoint classes (idempotent)."""
    global _registered, SAFE_GLOBALS
    if _registered:
        return
    if not hasattr(torch.serialization, 'add_safe_globals'):
        raise ImportError(
            f'skelact needs torch >= 2.4 (torch.serialization.'
            f'add_safe_globals, for safe checkpoint loading); this is torch '
            f'{torch.__version__}')
    SAFE_GLOBALS = _safe_globals()
    torch.serialization.add_safe_globals(SAFE_GLOBALS)
    _registered = True


def _unsafe_detail(e: Exception) -> str:
    """The global torch refused (``GLOBAL os.system``), not torch's advice
    to load untrusted files with ``weights_only=False``."""
    import re
    m = re.search(r'Unsupported global: GLOBAL ([\w.]+)', str(e)) or \
        re.search(r'GLOBAL ([\w.]+)', str(e))
    return f'the global {m.group(1)!r}' if m else str(e).splitlines()[0]


def safe_torch_load(path, map_location='cpu'):
    """``torch.load`` with ``weights_only=True`` and skelact's allow-list;
    names the file when it holds something outside it."""
    from .checkpoint_file import (describe_load_failure,
                                  validate_checkpoint_file)
    from .errors import CheckpointFileError
    register_safe_globals()
    if isinstance(path, (str, bytes)) or hasattr(path, '__fspath__'):
        validate_checkpoint_file(path)  # empty, truncated, text, ...: say so
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except FileNotFoundError:
        raise FileNotFoundError(f'checkpoint {path!r} does not exist')
    except Exception as e:
        if 'weights_only' in str(e) or 'Unsupported global' in str(e):
            raise UnsafeCheckpointError(
                f'{path}: the checkpoint holds pickled objects outside the '
                f'allow-list of safe classes ({_unsafe_detail(e)}); refusing '
                'to execute them: it is hostile or not a plain checkpoint'
                ) from None
        if isinstance(path, str) and isinstance(e, (
                EOFError, RuntimeError, KeyError, ValueError)):
            raise CheckpointFileError(describe_load_failure(path, e)) from e
        raise


def load_from_local(filename, map_location=None):
    """mmengine's local scheme, with ``weights_only=True``."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename!r} does not exist')
    return safe_torch_load(filename, map_location=map_location)


def load_from_http(filename, map_location=None):
    """Download once (rank 0 first, as mmengine does), then load with
    ``weights_only=True``."""
    from mmengine.dist import barrier, get_dist_info
    register_safe_globals()
    rank, world_size = get_dist_info()

    def load():
        return torch.hub.load_state_dict_from_url(
            filename, map_location=map_location, weights_only=True)

    if rank == 0:
        ckpt = load()
    if world_size > 1:
        barrier()
        if rank > 0:
            ckpt = load()
    return ckpt


def _refuse(prefix):
    def load_from_refused(filename, map_location=None):
        raise UnsafeCheckpointError(
            f'{filename}: skelact loads checkpoints from local files and '
            f'http(s) URLs only (with weights_only=True); mmengine\'s '
            f'{prefix!r} loader would unpickle it without restriction. '
            'Download the file and pass its local path')
    return load_from_refused


_installed = False


def install_safe_loaders():
    """Make every checkpoint mmengine loads go through
    :func:`safe_torch_load` (module doc); idempotent."""
    global _installed
    register_safe_globals()
    if _installed:
        return
    from mmengine.runner.checkpoint import CheckpointLoader
    for prefix in list(CheckpointLoader._schemes):
        if prefix in ('', 'http://', 'https://'):
            continue
        CheckpointLoader.register_scheme(prefix, _refuse(prefix),
                                         force=True)
    CheckpointLoader.register_scheme('', load_from_local, force=True)
    CheckpointLoader.register_scheme(('http://', 'https://'), load_from_http,
                                     force=True)
    _installed = True
