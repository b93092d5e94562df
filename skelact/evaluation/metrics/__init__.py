"""Metrics (registered in :data:`skelact.registry.METRICS`)."""
from .accuracy import AccMetric, confusion_matrix, top_k_accuracy
from .dump_scores import DumpScores, load_scores

__all__ = ['AccMetric', 'DumpScores', 'top_k_accuracy', 'confusion_matrix',
           'load_scores']
