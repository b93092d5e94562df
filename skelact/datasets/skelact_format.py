"""Temporary alias of the old module path, for ``tests/conftest.py`` (outside
the data layer) until it imports :mod:`skelact.datasets.formats`; delete this
file then. New code imports ``skelact.datasets.formats.write_skelact`` and
``skelact.datasets.SkelactDataset``."""
from .formats.skelact import write_skelact
from .skelact import SkelactDataset

__all__ = ['write_skelact', 'SkelactDataset']
