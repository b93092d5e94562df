"""Batch assembly for sequences of per-frame vectors (graph embeddings)."""
from skelact.registry import MODELS
from .base import StackDataPreprocessor

__all__ = ['SequenceDataPreprocessor']


@MODELS.register_module()
class SequenceDataPreprocessor(StackDataPreprocessor):
    """Stack per-sample sequences (T, D) into a batch (N, T, D) and move it
    to the device (the recurrent classifiers over graph2vec embeddings)."""

    sample_dims = 2
    batch_layout = '(N, T, D)'
    shape_hint = ('give GraphEmbeddingDataset a fixed num_frames with '
                  'frame_select "stride", "uniform" or "first"')
