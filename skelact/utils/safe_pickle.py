"""Restricted unpickling of data files from the internet.

Annotation pickles (pyskl / mmaction2 ``.pkl``, AimCLR label ``.pkl``) are
hostile by default: ``pickle.load`` runs any callable a file names. The
:class:`SafeUnpickler` admits only

- builtins containers and scalars (``dict``, ``list``, ``tuple``, ``set``,
  ``frozenset``, ``str``, ``bytes``, ``bytearray``, ``int``, ``float``,
  ``complex``, ``bool``, ``slice``, ``range``), ``collections.OrderedDict``
  and ``_codecs.encode`` restricted to latin1 (how protocols 0-2 store
  ``bytes``);
- numpy arrays, dtypes and scalars (``ndarray``, ``dtype`` and the dtype
  classes of numpy >= 1.25, ``multiarray._reconstruct``,
  ``multiarray.scalar``, ``numeric._frombuffer``), under their numpy 1 and
  numpy 2 module names.

Anything else (``os.system``, ``builtins.eval``, ``builtins.getattr``, a
class of some package) raises :class:`UnsafePickleError` naming the file and
the forbidden global *before* it is called.
"""
import collections
import io
import pickle
from typing import Any, BinaryIO, Optional, Union

import numpy as np

__all__ = ['UnsafePickleError', 'SafeUnpickler', 'safe_load_pickle',
           'safe_loads']


class UnsafePickleError(pickle.UnpicklingError):
    """A pickle names a global outside the allow-list."""


_BUILTINS = {'dict', 'list', 'tuple', 'set', 'frozenset', 'str', 'bytes',
             'bytearray', 'int', 'float', 'complex', 'bool', 'slice', 'range'}


def _latin1_encode(obj, encoding='utf-8', errors='strict'):
    """``_codecs.encode`` as protocols 0-2 use it for ``bytes`` (latin1
    only: no other codec is looked up)."""
    if encoding not in ('latin1', 'latin-1', 'iso-8859-1'):
        raise UnsafePickleError(
            f'refusing _codecs.encode with encoding {encoding!r}')
    return str(obj).encode(encoding, errors)


def _numpy_core():
    return getattr(np, '_core', None) or np.core


def _allowed_numpy(module: str, name: str):
    """The numpy object a pickle may name as ``module.name``, else None."""
    core = _numpy_core()
    if module == 'numpy':
        if name in ('ndarray', 'dtype'):
            return getattr(np, name)
        return None
    if module in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        if name in ('_reconstruct', 'scalar'):
            return getattr(core.multiarray, name)
        return None
    if module in ('numpy.core.numeric', 'numpy._core.numeric'):
        if name == '_frombuffer':
            return getattr(core.numeric, name, None)
        return None
    if module == 'numpy.dtypes' and name.endswith('DType'):
        dtypes = getattr(np, 'dtypes', None)
        obj = getattr(dtypes, name, None) if dtypes is not None else None
        if isinstance(obj, type) and issubclass(obj, np.dtype):
            return obj
    return None


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that resolves only plain-data globals (module doc).

    Args:
        file: a binary file object.
        source: the file name used in error messages.
    """

    def __init__(self, file: BinaryIO, source: str = '<bytes>', **kwargs):
        kwargs.setdefault('encoding', 'latin1')   # python 2 numpy pickles
        super().__init__(file, **kwargs)
        self.source = source

    def find_class(self, module: str, name: str) -> Any:
        if module in ('builtins', '__builtin__') and name in _BUILTINS:
            return getattr(__import__('builtins'), name)
        if module == '_codecs' and name == 'encode':
            return _latin1_encode
        if module == 'collections' and name == 'OrderedDict':
            return collections.OrderedDict
        obj = _allowed_numpy(module, name)
        if obj is not None:
            return obj
        raise UnsafePickleError(
            f'{self.source}: refusing to unpickle the global '
            f'"{module}.{name}"; only builtins containers/scalars and numpy '
            'arrays/dtypes/scalars are allowed in data pickles (the file may '
            'be hostile or not a plain-data annotation file)')


def safe_load_pickle(path_or_file: Union[str, BinaryIO],
                     source: Optional[str] = None) -> Any:
    """Load a plain-data pickle from a path or binary file object."""
    if isinstance(path_or_file, (str, bytes)) or hasattr(path_or_file,
                                                         '__fspath__'):
        with open(path_or_file, 'rb') as f:
            return SafeUnpickler(f, source or str(path_or_file)).load()
    name = source or getattr(path_or_file, 'name', '<file>')
    return SafeUnpickler(path_or_file, str(name)).load()


def safe_loads(data: bytes, source: str = '<bytes>') -> Any:
    """Load a plain-data pickle from bytes."""
    return SafeUnpickler(io.BytesIO(data), source).load()
