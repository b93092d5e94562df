"""graph2vec embeddings of skeleton frames (seed 004, section 3.3).

One graph per person-frame (the layout's joints and bones), its
Weisfeiler-Lehman subtree words (:mod:`.wl`, networkx) and a PV-DBOW
document vector per graph (:mod:`.doc2vec`, gensim), computed for a whole
dataset by :class:`.embed.Graph2VecEmbedder` (``tools/data/embed_graph2vec.py``)
and read back by :class:`skelact.datasets.GraphEmbeddingDataset`.

networkx and gensim are the optional extra ``graph``
(``pip install -e '.[graph]'``); they are imported when graph2vec runs, and
their absence is one :class:`.extra.GraphExtraMissing` error naming the
install command.
"""
from .doc2vec import Doc2VecParams, train_pv_dbow
from .embed import Graph2VecEmbedder, OutputExists
from .extra import INSTALL_HINT, GraphExtraMissing, require
from .source import EmbedSource
from .wl import NODE_LABELS, SkeletonGraph, node_labels, quantise

__all__ = [
    'Doc2VecParams', 'train_pv_dbow', 'Graph2VecEmbedder', 'OutputExists',
    'INSTALL_HINT', 'GraphExtraMissing', 'require', 'EmbedSource',
    'NODE_LABELS', 'SkeletonGraph', 'node_labels', 'quantise',
]
