"""Multi-stream fusion (e.g. 3s-AimCLR: joint, bone, motion with weights
0.6, 0.6, 0.4) of the ``tools/test.py --dump`` files of each stream.

Two inputs, named for what they are:
- ``'scores'``: the softmax scores (skelact's default);
- ``'logits'``: the head's raw logits (``tools/test.py --dump
  --dump-logits``), what the authors' ensemble scripts
  (Levigty/AimCLR ``ensemble_ntu_cs.py``) weight.
"""
from typing import Dict, Sequence

import numpy as np

from .metrics.accuracy import top_k_accuracy
from .metrics.dump_scores import load_scores

__all__ = ['fuse_scores', 'fuse_files', 'FUSE_INPUTS']

FUSE_INPUTS = ('scores', 'logits')


def fuse_scores(scores: Sequence[np.ndarray],
                weights: Sequence[float]) -> np.ndarray:
    """Weighted sum of per-stream score (or logit) arrays (N, K)."""
    if len(scores) != len(weights):
        raise ValueError(f'{len(scores)} score arrays but {len(weights)} '
                         'weights')
    shapes = {s.shape for s in scores}
    if len(shapes) != 1:
        raise ValueError(f'score arrays differ in shape: {sorted(shapes)}')
    return sum(w * s for w, s in zip(weights, scores))


def fuse_files(paths: Sequence[str], weights: Sequence[float],
               topk=(1, 5), on: str = 'scores') -> Dict[str, float]:
    """Fuse ``tools/test.py --dump`` files of the same test set; the files
    must list the same samples in the same order (checked by name and
    label). ``on``: ``'scores'`` or ``'logits'`` (files dumped with
    ``--dump-logits``)."""
    if on not in FUSE_INPUTS:
        raise ValueError(f'fusion input must be one of {FUSE_INPUTS}, got '
                         f'{on!r}')
    dumps = [load_scores(p) for p in paths]
    if on == 'logits':
        from skelact.utils.errors import DataError
        for path, d in zip(paths, dumps):
            if 'logits' not in d:
                raise DataError(
                    f'{path}: logits: missing; dump it with tools/test.py '
                    '--dump FILE.npz --dump-logits, or fuse scores')
            if d['logits'].shape != d['scores'].shape:
                raise DataError(f'{path}: logits: expected shape '
                                f'{d["scores"].shape} as its scores, got '
                                f'{d["logits"].shape}')
    ref = dumps[0]
    for path, d in zip(paths[1:], dumps[1:]):
        if d['scores'].shape != ref['scores'].shape or \
                not np.array_equal(d['labels'], ref['labels']) or \
                not np.array_equal(d['sample_names'], ref['sample_names']):
            raise ValueError(f'{path}: its samples differ from {paths[0]} '
                             '(another split or order?)')
    fused = fuse_scores([d[on] for d in dumps], weights)
    out = {f'fused/top{k}': top_k_accuracy(fused, ref['labels'], k)
           for k in topk}
    for path, d in zip(paths, dumps):
        out[f'{path}/top1'] = top_k_accuracy(d[on], ref['labels'], 1)
    return out
