"""Moved to :mod:`skelact.models.layers.graph`; kept as an alias for
imports of the old path."""
from skelact.models.layers.graph import (Graph, hop_distance,  # noqa: F401
                                         normalize_digraph)

__all__ = ['Graph', 'hop_distance', 'normalize_digraph']
