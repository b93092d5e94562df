"""Multi-stream score fusion (e.g. AimCLR's 3s-AimCLR: joint, bone,
motion with weights 0.6, 0.6, 0.4)."""
from typing import Dict, Sequence

import numpy as np

from .metrics.accuracy import top_k_accuracy
from .metrics.dump_scores import load_scores

__all__ = ['fuse_scores', 'fuse_files']


def fuse_scores(scores: Sequence[np.ndarray],
                weights: Sequence[float]) -> np.ndarray:
    """Weighted sum of per-stream score arrays (N, K)."""
    if len(scores) != len(weights):
        raise ValueError(f'{len(scores)} score arrays but {len(weights)} '
                         'weights')
    shapes = {s.shape for s in scores}
    if len(shapes) != 1:
        raise ValueError(f'score arrays differ in shape: {sorted(shapes)}')
    return sum(w * s for w, s in zip(weights, scores))


def fuse_files(paths: Sequence[str], weights: Sequence[float],
               topk=(1, 5)) -> Dict[str, float]:
    """Fuse ``tools/test.py --dump`` files of the same test set; the files
    must list the same samples in the same order (checked by name and
    label)."""
    dumps = [load_scores(p) for p in paths]
    ref = dumps[0]
    for path, d in zip(paths[1:], dumps[1:]):
        if d['scores'].shape != ref['scores'].shape or \
                not np.array_equal(d['labels'], ref['labels']) or \
                not np.array_equal(d['sample_names'], ref['sample_names']):
            raise ValueError(f'{path}: its samples differ from {paths[0]} '
                             '(another split or order?)')
    fused = fuse_scores([d['scores'] for d in dumps], weights)
    out = {f'fused/top{k}': top_k_accuracy(fused, ref['labels'], k)
           for k in topk}
    for path, d in zip(paths, dumps):
        out[f'{path}/top1'] = top_k_accuracy(d['scores'], ref['labels'], 1)
    return out
