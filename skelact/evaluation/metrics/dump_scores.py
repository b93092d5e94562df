"""Dump test scores to an ``.npz`` (no pickle), e.g. for stream fusion."""
import os
import os.path as osp
from typing import Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from skelact.registry import METRICS

__all__ = ['DumpScores', 'load_scores']


@METRICS.register_module()
class DumpScores(BaseMetric):
    """Write ``scores`` (N, K) float32, ``labels`` (N,) and
    ``sample_names`` (N,) of the evaluated samples to ``out_file``; with
    ``logits=True`` also the head's raw ``logits`` (N, K) (``pred_logits``
    of the data samples), which AimCLR's ensemble scripts fuse."""

    default_prefix = 'dump'

    def __init__(self, out_file: str, collect_device='cpu',
                 logits: bool = False):
        super().__init__(collect_device=collect_device)
        self.logits = bool(logits)
        if not out_file.endswith('.npz'):
            raise ValueError(f'DumpScores: out_file {out_file!r} must end '
                             'with .npz')
        self.out_file = out_file

    def process(self, data_batch, data_samples: Sequence[dict]):
        for s in data_samples:
            if self.logits and 'pred_logits' not in s:
                raise ValueError(
                    'DumpScores(logits=True): the predictions carry no '
                    "'pred_logits' (this model's predict gives only "
                    'scores); dump scores instead')
            self.results.append((s['pred_score'].float().cpu().numpy(),
                                 int(s['gt_label'][0]) if 'gt_label' in s
                                 else -1, str(s.get('sample_name', '')),
                                 s['pred_logits'].float().cpu().numpy()
                                 if self.logits else None))

    def compute_metrics(self, results):
        d = osp.dirname(osp.abspath(self.out_file))
        os.makedirs(d, exist_ok=True)
        tmp = self.out_file[:-4] + '.tmp.npz'
        arrays = dict(scores=np.stack([r[0] for r in results]),
                      labels=np.array([r[1] for r in results], np.int64),
                      sample_names=np.array([r[2] for r in results], np.str_))
        if self.logits:
            arrays['logits'] = np.stack([r[3] for r in results])
        np.savez(tmp, **arrays)
        os.replace(tmp, self.out_file)
        MMLogger.get_current_instance().info(
            f'scores of {len(results)} samples dumped to {self.out_file}')
        return {}


def load_scores(path: str) -> dict:
    """Read a :class:`DumpScores` file (without pickle); a file that is not
    one raises :class:`DataError` naming it and what is wrong."""
    from skelact.utils.errors import DataError
    if not osp.isfile(path):
        raise FileNotFoundError(f'score file {path!r} does not exist')
    import zipfile
    if not zipfile.is_zipfile(path):
        raise DataError(f'{path}: not an .npz archive; expected the score '
                        'file of tools/test.py --dump')
    try:
        with np.load(path, allow_pickle=False) as f:
            if not hasattr(f, 'files'):
                raise DataError(f'{path}: a single array, not the .npz of '
                                'tools/test.py --dump')
            out = {k: f[k] for k in f.files}
    except (ValueError, OSError, EOFError) as e:
        if isinstance(e, DataError):
            raise
        raise DataError(f'{path}: not a score file of tools/test.py --dump '
                        f'(an .npz without pickles): {e}') from None
    missing = [k for k in ('scores', 'labels', 'sample_names')
               if k not in out]
    if missing:
        raise DataError(f'{path}: {", ".join(missing)}: missing; expected '
                        'the .npz of tools/test.py --dump (scores, labels, '
                        'sample_names)')
    if out['scores'].ndim != 2 or len(out['labels']) != len(out['scores']):
        raise DataError(f'{path}: scores: expected (N, K) with N = '
                        f'{len(out["labels"])} labels, got '
                        f'{out["scores"].shape}')
    return out
