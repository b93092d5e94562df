"""Converters of third-party checkpoints into skelact's naming.

One module per source (``aimclr.py``, ``motionbert.py``, ...) registers a
:class:`CheckpointSource`; :func:`convert_checkpoint` picks the source by
name or detects it from the file's structure.
"""
from skelact.utils.imports import import_submodules
from .base import (SOURCES, CheckpointSource, convert_checkpoint,
                   detect_source, register_source)

__all__ = ['SOURCES', 'CheckpointSource', 'convert_checkpoint',
           'detect_source', 'register_source']

import_submodules(__name__, __path__)
