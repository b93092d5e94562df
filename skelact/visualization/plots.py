"""Pictures of runs and models (matplotlib, ``pip install 'skelact[vis]'``):
training curves from mmengine's scalar logs, the confusion matrix, t-SNE
of features. Every writer writes atomically: no partial PNG is left."""
import glob
import json
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np

from skelact.utils.errors import DataError

__all__ = ['find_scalar_logs', 'read_scalars', 'curve_keys', 'plot_curves',
           'plot_confusion', 'read_confusion', 'tsne_embed', 'plot_tsne',
           'require_matplotlib', 'write_confusion_png']

SKIP = {'epoch', 'iter', 'step', 'lr', 'time', 'data_time', 'memory',
        'base_lr', 'momentum'}


def require_matplotlib():
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        raise DataError("matplotlib is not installed: pip install "
                        "'skelact[vis]'") from None
    return plt


def find_scalar_logs(work_dir: str) -> List[str]:
    """mmengine's ``<work_dir>/<timestamp>/vis_data/scalars.json`` files
    (protocol runs in sub-folders are not included), oldest first."""
    if not osp.isdir(work_dir):
        raise FileNotFoundError(f'work dir {work_dir!r} does not exist')
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                      'scalars.json')))
    if not files:
        raise DataError(f'{work_dir}: no */vis_data/scalars.json (the '
                        "scalar log mmengine's LocalVisBackend writes)")
    return files


def read_scalars(work_dir: str) -> List[dict]:
    """Every record of the run's scalar logs (resumed runs append), each a
    dict with ``step`` and its scalars."""
    out = []
    for path in find_scalar_logs(work_dir):
        with open(path, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    out.append(json.loads(line))
                except ValueError:
                    raise DataError(f'{path}:{n}: not a JSON record') \
                        from None
    return out


def curve_keys(records: Sequence[dict]) -> List[str]:
    """Loss terms first, then evaluation metrics."""
    keys = []
    for r in records:
        for k, v in r.items():
            if k not in SKIP and isinstance(v, (int, float)) and \
                    k not in keys:
                keys.append(k)
    return sorted(keys, key=lambda k: (not k.startswith('loss'), k))


def _save(fig, out: str):
    from skelact.utils.atomic_io import atomic_write_path
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with atomic_write_path(out) as tmp:
        fig.savefig(tmp, format='png', dpi=100, bbox_inches='tight')


def plot_curves(runs: Dict[str, List[dict]], out: str,
                keys: Optional[Sequence[str]] = None) -> List[str]:
    """One panel per scalar (loss terms, metrics), one line per run."""
    plt = require_matplotlib()
    keys = list(keys) if keys else curve_keys(
        [r for recs in runs.values() for r in recs])
    if not keys:
        raise DataError('no loss or metric scalars in the logs')
    cols = min(3, len(keys))
    rows = (len(keys) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows),
                             squeeze=False)
    # one colour per run in every panel (a panel's own colour cycle would
    # give a run another colour where an earlier run has no such scalar)
    cycle = plt.rcParams['axes.prop_cycle'].by_key()['color']
    colour = {name: cycle[i % len(cycle)] for i, name in enumerate(runs)}
    for ax, key in zip(axes.flat, keys):
        for name, recs in runs.items():
            pts = [(r.get('step', i), r[key]) for i, r in enumerate(recs)
                   if isinstance(r.get(key), (int, float))]
            if pts:
                x, y = zip(*pts)
                ax.plot(x, y, marker='.' if len(pts) < 30 else None,
                        color=colour[name], label=name)
        ax.set_title(key)
        ax.set_xlabel('step (iteration; epoch for epoch-end metrics)')
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(keys):]:
        ax.axis('off')
    handles = [plt.Line2D([], [], color=colour[n], label=n) for n in runs]
    axes.flat[0].legend(handles=handles, fontsize=8)
    fig.tight_layout()
    _save(fig, out)
    plt.close(fig)
    return keys


def read_confusion(csv_path: str):
    """``(matrix, class names)`` from the files ``AccMetric`` writes."""
    if not osp.isfile(csv_path):
        raise FileNotFoundError(f'{csv_path!r} does not exist')
    cm = np.loadtxt(csv_path, delimiter=',', dtype=np.int64, ndmin=2)
    if cm.shape[0] != cm.shape[1]:
        raise DataError(f'{csv_path}: a {cm.shape} matrix; expected a '
                        'square confusion matrix')
    names = [str(i) for i in range(len(cm))]
    per_class = osp.join(osp.dirname(csv_path), 'per_class_accuracy.csv')
    if osp.isfile(per_class):
        import csv
        with open(per_class, newline='', encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        if len(rows) == len(cm):
            names = [r.get('name') or str(i) for i, r in enumerate(rows)]
    return cm, names


def plot_confusion(cm: np.ndarray, names: Sequence[str], out: str,
                   title: str = 'confusion matrix (rows: true class)'):
    """Row-normalised colours, counts written in the cells (up to 30
    classes)."""
    plt = require_matplotlib()
    n = len(cm)
    rate = cm / np.maximum(cm.sum(1, keepdims=True), 1)
    size = max(4.0, min(0.45 * n + 2, 30))
    fig, ax = plt.subplots(figsize=(size + 1, size))
    im = ax.imshow(rate, cmap='Blues', vmin=0, vmax=1)
    ticks = np.arange(n)
    short = [s if len(s) <= 18 else s[:17] + '.' for s in names]
    ax.set_xticks(ticks, short if n <= 60 else None, rotation=90,
                  fontsize=7)
    ax.set_yticks(ticks, short if n <= 60 else None, fontsize=7)
    if n <= 30:
        for i in range(n):
            for j in range(n):
                if cm[i, j]:
                    ax.text(j, i, int(cm[i, j]), ha='center', va='center',
                            fontsize=8 if n <= 10 else 6,
                            color='white' if rate[i, j] > 0.5
                            else 'black')
    ax.set_xlabel('predicted')
    ax.set_ylabel('true')
    acc = np.trace(cm) / max(cm.sum(), 1)
    ax.set_title(f'{title}; top-1 {acc:.3f}', fontsize=9)
    fig.colorbar(im, ax=ax, fraction=0.046)
    _save(fig, out)
    plt.close(fig)


def tsne_embed(features: np.ndarray, seed: int = 0,
               perplexity: float = 30.0, max_iter: int = 1000
               ) -> np.ndarray:
    """2-D t-SNE (scikit-learn) of standardised features (``max_iter``
    >= 250, scikit-learn's minimum)."""
    try:
        from sklearn.manifold import TSNE
    except ImportError:
        raise DataError("scikit-learn is not installed: pip install "
                        "'skelact[vis]'") from None
    x = np.asarray(features, np.float64)
    if x.ndim != 2 or len(x) < 3:
        raise DataError(f't-SNE needs (N >= 3, D) features, got shape '
                        f'{x.shape}')
    x = (x - x.mean(0)) / (x.std(0) + 1e-8)
    perplexity = min(perplexity, (len(x) - 1) / 3)
    return TSNE(n_components=2, perplexity=perplexity, init='pca',
                max_iter=max(250, int(max_iter)),
                random_state=seed).fit_transform(x)


def plot_tsne(points: np.ndarray, labels: np.ndarray, names: Sequence[str],
              out: str, title: str = 't-SNE of the features'):
    plt = require_matplotlib()
    fig, ax = plt.subplots(figsize=(7, 6))
    classes = np.unique(labels)
    cmap = plt.get_cmap('tab20' if len(classes) > 10 else 'tab10')
    for i, c in enumerate(classes):
        sel = labels == c
        name = names[c] if 0 <= c < len(names) else str(c)
        ax.scatter(points[sel, 0], points[sel, 1], s=10,
                   color=cmap(i % cmap.N), label=name)
    if len(classes) <= 30:
        ax.legend(fontsize=7, markerscale=2, loc='best')
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    _save(fig, out)
    plt.close(fig)


def write_confusion_png(out_dir: str) -> Optional[str]:
    """``confusion_matrix.png`` next to the ``confusion_matrix.csv`` that
    ``AccMetric`` wrote in ``out_dir`` (tools/test.py); ``None`` when
    there is no CSV, matplotlib is not installed, or on ranks > 0."""
    from mmengine.dist import is_main_process
    csv_path = osp.join(out_dir, 'confusion_matrix.csv')
    if not is_main_process() or not osp.isfile(csv_path):
        return None  # (AccMetric writes the CSV on rank 0)
    try:
        require_matplotlib()
    except DataError:
        return None
    cm, names = read_confusion(csv_path)
    out = osp.join(out_dir, 'confusion_matrix.png')
    plot_confusion(cm, names, out)
    return out
