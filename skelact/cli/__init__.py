"""Command-line plumbing of the tools (config resolution, protocols,
checkpoint checks, one-line errors); the Python API is ``skelact.apis``."""
from .config import (DictAction, check_option_keys, default_work_dir,
                     load_config, prepare_runtime)
from .errors import user_errors
from .resolve import Resolved, pretraining_work_dir, resolve_config

__all__ = ['DictAction', 'check_option_keys', 'default_work_dir',
           'load_config', 'prepare_runtime', 'user_errors', 'Resolved',
           'pretraining_work_dir', 'resolve_config']
