"""Small helpers: safe loading of checkpoints and pickles, checkpoint
conversion (:mod:`skelact.utils.converters`), error types, model helpers.

Kept light: ``import skelact`` imports this package.
"""
from .checkpoint import convert_file, save_checkpoint_atomic
from .cpu_features import cpu_kind, cpu_report, native_bf16
from .errors import CheckpointMismatch, DataError
from .model import unwrap
from .safe_load import (SAFE_GLOBALS, UnsafeCheckpointError,
                        install_safe_loaders, register_safe_globals,
                        safe_torch_load)
from .safe_pickle import (SafeUnpickler, UnsafePickleError, safe_load_pickle,
                          safe_loads)

__all__ = [
    'DataError', 'CheckpointMismatch', 'unwrap', 'SAFE_GLOBALS', 'register_safe_globals',
    'safe_torch_load', 'install_safe_loaders', 'UnsafeCheckpointError',
    'SafeUnpickler', 'UnsafePickleError',
    'safe_load_pickle', 'safe_loads', 'convert_file',
    'save_checkpoint_atomic', 'cpu_kind', 'cpu_report', 'native_bf16'
]
