"""PV-DBOW document embedding of graph "documents" (gensim ``Doc2Vec``).

graph2vec's embedding step: every graph is a document of WL words and gets
one vector, trained so that it predicts its own words (PV-DBOW, ``dm=0``,
negative sampling). The seed (004, section 4.1) gives 128 dimensions,
10 epochs, learning rate 0.025 and down-sampling 1e-4, which are the
defaults of the graph2vec reference code (benedekrozemberczki/graph2vec);
that code also sets ``min_count=5`` (rarer words are dropped) and
``window=0``, used here as defaults too.

Documents come from a corpus file, one graph per line, words separated by
spaces (gensim's ``corpus_file`` mode: tags are the line numbers, training
runs in ``workers`` threads without a Python producer). Memory: gensim keeps
every document vector in RAM, 4 * ``vector_size`` bytes per graph (512 B
at 128 dimensions: 1.7 GB for NTU-60 x 60 frames, 8.7 GB for NTU-60 x 300
frames), plus the vocabulary.
"""
from dataclasses import asdict, dataclass
from typing import Optional

import numpy as np

from .extra import require

__all__ = ['Doc2VecParams', 'train_pv_dbow']


@dataclass
class Doc2VecParams:
    """PV-DBOW settings (seed 004 and the graph2vec reference code).

    Args:
        vector_size: embedding dimension (seed: 128).
        epochs: passes over the corpus (seed: 10).
        alpha: initial learning rate, decayed linearly to ``min_alpha``
            (seed: 0.025).
        sample: down-sampling threshold of frequent words (seed: 1e-4).
        min_count: words seen fewer times are dropped (reference code: 5).
        negative: negative samples per word (gensim's default, 5).
        min_alpha: final learning rate (gensim's default).
        seed: gensim's random seed (with several workers the result still
            depends on thread scheduling).
    """
    vector_size: int = 128
    epochs: int = 10
    alpha: float = 0.025
    sample: float = 1e-4
    min_count: int = 5
    negative: int = 5
    min_alpha: float = 1e-4
    seed: int = 0

    def check(self):
        for key in ('vector_size', 'epochs', 'negative'):
            if getattr(self, key) < 1:
                raise ValueError(f'graph2vec: {key} is {getattr(self, key)}'
                                 ', expected >= 1')
        if not self.alpha > 0:
            raise ValueError(f'graph2vec: alpha is {self.alpha}, expected '
                             '> 0 (seed: 0.025)')
        return self

    def as_dict(self):
        return asdict(self)


def train_pv_dbow(corpus_file: str, num_docs: int, params: Doc2VecParams,
                  workers: int = 2, progress: Optional[callable] = None):
    """Train PV-DBOW on ``corpus_file`` and return ``(vectors, info)``:
    float32 (num_docs, vector_size), row i the vector of line i, and a dict
    (vocabulary size, corpus words, words kept after ``min_count``)."""
    d2v = require('gensim.models.doc2vec')
    callbacks = require('gensim.models.callbacks')
    params.check()

    class _Epochs(callbacks.CallbackAny2Vec):
        def __init__(self):
            self.epoch = 0

        def on_epoch_end(self, model):
            self.epoch += 1
            if progress is not None:
                progress(self.epoch)

    model = d2v.Doc2Vec(
        corpus_file=corpus_file, dm=0, vector_size=params.vector_size,
        window=0, min_count=params.min_count, sample=params.sample,
        negative=params.negative, epochs=params.epochs, alpha=params.alpha,
        min_alpha=params.min_alpha, seed=params.seed,
        workers=max(1, workers), callbacks=[_Epochs()])
    vectors = np.asarray(model.dv.vectors, dtype=np.float32)
    if len(vectors) != num_docs:
        raise RuntimeError(f'{corpus_file}: gensim trained {len(vectors)} '
                           f'document vectors, expected {num_docs} (one per '
                           'line)')
    info = dict(vocabulary=len(model.wv), corpus_words=int(
        model.corpus_total_words))
    return vectors, info
