"""Top-k accuracy, per-class accuracy and the confusion matrix."""
import csv
import os
import os.path as osp
from typing import Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from skelact.registry import METRICS

__all__ = ['AccMetric', 'top_k_accuracy', 'confusion_matrix']


def top_k_accuracy(scores: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Fraction of samples whose label is among the ``k`` best scores."""
    k = min(k, scores.shape[1])
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    return float((top == labels[:, None]).any(1).mean())


def confusion_matrix(pred: np.ndarray, labels: np.ndarray,
                     num_classes: int) -> np.ndarray:
    """(num_classes, num_classes) counts, rows = ground truth."""
    return np.bincount(labels * num_classes + pred,
                       minlength=num_classes ** 2).reshape(num_classes,
                                                           num_classes)


@METRICS.register_module()
class AccMetric(BaseMetric):
    """Top-k accuracy, logged as ``acc/top1``, ``acc/top5``, ...

    Also logs ``acc/mean_class`` (mean per-class accuracy). When
    ``out_dir`` is set (``tools/test.py`` sets it to the work dir), writes
    ``per_class_accuracy.csv`` and ``confusion_matrix.csv`` there.

    Args:
        topk: the k values.
        out_dir: folder for the per-class files.
        class_names: names for the per-class table.
    """

    default_prefix = 'acc'

    def __init__(self, topk: Sequence[int] = (1, 5),
                 out_dir: Optional[str] = None, class_names=None,
                 collect_device='cpu', prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.topk = tuple(topk)
        self.out_dir = out_dir
        self.class_names = class_names

    def process(self, data_batch, data_samples: Sequence[dict]):
        for s in data_samples:
            self.results.append((s['pred_score'].float().cpu().numpy(),
                                 int(s['gt_label'][0])))

    def compute_metrics(self, results: list) -> dict:
        scores = np.stack([r[0] for r in results])
        labels = np.array([r[1] for r in results], np.int64)
        out = {f'top{k}': top_k_accuracy(scores, labels, k)
               for k in self.topk}
        num_classes = scores.shape[1]
        cm = confusion_matrix(scores.argmax(1), labels, num_classes)
        support = cm.sum(1)
        present = support > 0
        per_class = np.where(present, np.diag(cm) / np.maximum(support, 1),
                             np.nan)
        out['mean_class'] = float(np.nanmean(per_class))
        if self.out_dir:
            self._save(cm, per_class, support)
        return out

    def _save(self, cm, per_class, support):
        os.makedirs(self.out_dir, exist_ok=True)
        names = self.class_names or self.dataset_meta and \
            self.dataset_meta.get('classes')
        names = list(names) if names else [str(i) for i in range(len(cm))]
        with open(osp.join(self.out_dir, 'per_class_accuracy.csv'), 'w',
                  newline='') as f:
            w = csv.writer(f)
            w.writerow(['class', 'name', 'samples', 'accuracy'])
            for i, (acc, n) in enumerate(zip(per_class, support)):
                w.writerow([i, names[i] if i < len(names) else i, int(n),
                            '' if np.isnan(acc) else f'{acc:.4f}'])
        np.savetxt(osp.join(self.out_dir, 'confusion_matrix.csv'), cm,
                   fmt='%d', delimiter=',')
        MMLogger.get_current_instance().info(
            f'per-class accuracy and confusion matrix written to '
            f'{self.out_dir}')
