"""Evaluation: metrics, KNN classification of features, score fusion,
accuracy under keypoint noise."""
from .cached_linear import fit_linear_classifier, unique_by_index
from .fusion import fuse_files, fuse_scores
from .knn import (extract_features, feature_bank, gather_features,
                  knn_scores, num_classes_of)
from .metrics import (AccMetric, DumpScores, confusion_matrix, load_scores,
                      top_k_accuracy)
from .robustness import (accuracy, format_table, insert_noise,
                         noisy_dataloader_cfg, plot_curves, write_csv)

__all__ = [
    'AccMetric', 'DumpScores', 'top_k_accuracy', 'confusion_matrix',
    'load_scores', 'fuse_scores', 'fuse_files', 'knn_scores',
    'fit_linear_classifier', 'unique_by_index',
    'extract_features', 'gather_features', 'feature_bank', 'num_classes_of',
    'insert_noise', 'noisy_dataloader_cfg', 'accuracy', 'write_csv',
    'plot_curves', 'format_table'
]
