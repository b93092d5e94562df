"""Accuracy under keypoint noise: the seed's (002) robustness curves
(Fig. 2, Table III) for any trained config and checkpoint.

Every model is evaluated on its own validation (or test) pipeline with
:class:`~skelact.datasets.transforms.MotionScaledNoise` inserted, at every
alpha, with one noise seed: the noise of a sample is a function of the seed
and its name, so every model sees the same noise (models whose pipelines
reach the noise with the same keypoints -- the PoseConv3D inputs -- see
identical noisy keypoints) and alpha only scales it.

Where the noise goes (:func:`insert_noise`): a pipeline that already holds a
``MotionScaledNoise`` gets it replaced; otherwise it is inserted after the
leading steps that only make or select the keypoints of the annotation's
image (``ProjectToImage``, ``ConvertLayout``, ``UniformSampleFrames`` by
default) -- where the noise-robust training configs put it -- and before any
crop, resize or normalisation.
"""
import copy
import csv
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np

__all__ = ['NOISE_AFTER', 'insert_noise', 'noisy_dataloader_cfg',
           'accuracy', 'write_csv', 'plot_curves', 'format_table',
           'check_alphas', 'seed_all']

#: steps the noise goes after when they lead a pipeline
NOISE_AFTER = ('ProjectToImage', 'ConvertLayout', 'UniformSampleFrames')


def insert_noise(pipeline: Sequence[dict], noise: dict,
                 after: Sequence[str] = NOISE_AFTER) -> List[dict]:
    """A copy of ``pipeline`` with the transform config ``noise`` (module
    docstring)."""
    out = [copy.deepcopy(dict(t)) if isinstance(t, dict) else t
           for t in pipeline]
    for i, t in enumerate(out):
        if isinstance(t, dict) and t.get('type') == noise['type']:
            out[i] = dict(noise)
            return out
    i = 0
    while i < len(out) and isinstance(out[i], dict) and \
            out[i].get('type') in after:
        i += 1
    out.insert(i, dict(noise))
    return out


def noisy_dataloader_cfg(loader_cfg: dict, noise: dict,
                         after: Sequence[str] = NOISE_AFTER,
                         num_workers: Optional[int] = None,
                         batch_size: Optional[int] = None) -> dict:
    """A dataloader config whose dataset pipeline carries ``noise``."""
    cfg = copy.deepcopy(dict(loader_cfg))
    dataset = cfg.get('dataset')
    if not isinstance(dataset, dict) or 'pipeline' not in dataset:
        raise KeyError('robustness: the dataloader config has no '
                       'dataset.pipeline to add the noise to')
    dataset = dict(dataset)
    dataset['pipeline'] = insert_noise(dataset['pipeline'], noise, after)
    cfg['dataset'] = dataset
    if num_workers is not None:
        cfg['num_workers'] = num_workers
        if num_workers == 0:
            cfg['persistent_workers'] = False
    if batch_size is not None:
        cfg['batch_size'] = batch_size
    return cfg


def accuracy(model, loader, progress=None) -> Dict[str, float]:
    """Top-1 / top-5 of ``model`` (eval mode, ``test_step``) on
    ``loader``; ``progress`` is called once per batch."""
    import torch
    hits1 = hits5 = n = 0
    with torch.no_grad():
        for batch in loader:
            for sample in model.test_step(batch):
                score = sample.pred_score
                label = int(sample.gt_label)
                top = torch.topk(score, min(5, len(score))).indices.tolist()
                hits1 += int(top[0] == label)
                hits5 += int(label in top)
                n += 1
            if progress is not None:
                progress()
    if not n:
        raise ValueError('robustness: the evaluation set is empty')
    return dict(top1=hits1 / n, top5=hits5 / n, num_samples=n)


def write_csv(path: str, rows: List[dict]):
    """One row per (model, alpha)."""
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    keys = ['model', 'config', 'checkpoint', 'alpha', 'top1', 'top5',
            'num_samples']
    with open(path, 'w', newline='') as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row[k] for k in keys})


def format_table(rows: List[dict], alphas: Sequence[float]) -> str:
    """Top-1 (%) per model (rows) and alpha (columns)."""
    from tabulate import tabulate
    models = list(dict.fromkeys(r['model'] for r in rows))
    acc = {(r['model'], r['alpha']): r['top1'] for r in rows}
    table = [[m] + [f'{100 * acc[(m, a)]:.1f}' for a in alphas]
             for m in models]
    return tabulate(table, headers=['top-1 %'] + [f'a={a:g}'
                                                  for a in alphas])


def plot_curves(path: str, rows: List[dict], alphas: Sequence[float],
                title: str = 'Top-1 accuracy under keypoint noise') -> bool:
    """Accuracy against alpha, one line per model (the seed's Fig. 2);
    False (and nothing written) without matplotlib (``pip install
    'skelact[vis]'``)."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    for model in dict.fromkeys(r['model'] for r in rows):
        mine = {r['alpha']: r['top1'] for r in rows if r['model'] == model}
        ax.plot(list(alphas), [100 * mine[a] for a in alphas], marker='o',
                label=model)
    ax.set_xlabel('alpha (noise std / (video size x total_difference))')
    ax.set_ylabel('top-1 accuracy (%)')
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize='small')
    fig.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return True


def check_alphas(alphas) -> List[float]:
    alphas = [float(a) for a in alphas]
    if not alphas or any(not a >= 0 for a in alphas):
        raise ValueError(f'robustness: --alphas must be numbers >= 0, got '
                         f'{alphas}')
    return alphas


def seed_all(seed: int):
    """numpy, Python and torch global generators (random test-time
    transforms are the same for every model)."""
    import random

    import torch
    np.random.seed(seed)
    random.seed(seed)
    torch.manual_seed(seed)
