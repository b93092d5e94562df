"""Datasets of skeleton sequences, their file formats, raw-data preparation
and transforms.

Layers, each importing only the ones below it (no cycle):

- :mod:`.ntu_meta`: NTU sample names, official splits and benchmarks;
- :mod:`.formats`: the file formats, each with its reader and writer;
- dataset classes (registered in ``DATASETS``; they import formats only):
  :class:`AimCLRDataset`, :class:`PysklDataset`, :class:`CTRGCNDataset`,
  :class:`SkelactDataset`, :class:`SyntheticDataset`, on the base
  :class:`SkeletonDataset`;
- :mod:`.transforms`: per-sample transforms (registered in ``TRANSFORMS``);
- :mod:`.prep`: raw NTU RGB+D / PKU-MMD parsing, denoising, the parallel
  runner, the cache and the report (``tools/data/``).
"""
from . import formats, graph2vec, prep, transforms
from .aimclr import AimCLRDataset
from .base import DataError, SkeletonDataset, select_label_subset
from .ctrgcn import CTRGCNDataset
from .graph_embedding import GraphEmbeddingDataset
from .pyskl import PysklDataset
from .sample_seed import SampleSeedSampler, seed_every_sample
from .skelact import SkelactDataset
from .synthetic import SyntheticDataset
from .worker_seed import seed_worker

__all__ = [
    'formats', 'graph2vec', 'prep', 'transforms',
    'SkeletonDataset', 'DataError', 'select_label_subset',
    'AimCLRDataset', 'CTRGCNDataset', 'PysklDataset', 'SkelactDataset',
    'GraphEmbeddingDataset',
    'SyntheticDataset', 'seed_worker', 'SampleSeedSampler',
    'seed_every_sample',
]
