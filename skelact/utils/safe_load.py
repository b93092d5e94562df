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
"""
import numpy as np
import torch

__all__ = ['SAFE_GLOBALS', 'register_safe_globals', 'safe_torch_load']


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
    return [HistoryBuffer] + _numpy_globals()


SAFE_GLOBALS = None
_registered = False


def register_safe_globals():
    """Allow-list mmengine's plain-data checkpoint classes (idempotent)."""
    global _registered, SAFE_GLOBALS
    if _registered:
        return
    SAFE_GLOBALS = _safe_globals()
    if hasattr(torch.serialization, 'add_safe_globals'):
        torch.serialization.add_safe_globals(SAFE_GLOBALS)
    _registered = True


def safe_torch_load(path, map_location='cpu'):
    """``torch.load`` with ``weights_only=True`` and skelact's allow-list;
    names the file when it holds something outside it."""
    register_safe_globals()
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except FileNotFoundError:
        raise FileNotFoundError(f'checkpoint {path!r} does not exist')
    except Exception as e:
        if 'weights_only' in str(e) or 'Unsupported global' in str(e):
            raise RuntimeError(
                f'{path}: the checkpoint holds pickled objects outside the '
                f'allow-list of safe classes; refusing to execute them. '
                f'Details: {str(e).splitlines()[0]}') from None
        raise
