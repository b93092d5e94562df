"""Weighted k-nearest-neighbour classification of features."""
from typing import Tuple

import torch
import torch.nn.functional as F

__all__ = ['knn_scores', 'extract_features', 'gather_features',
           'feature_bank', 'num_classes_of']


@torch.no_grad()
def knn_scores(train_feats: torch.Tensor, train_labels: torch.Tensor,
               test_feats: torch.Tensor, num_classes: int, k: int = 20,
               temperature: float = 0.07, chunk: int = 1024) -> torch.Tensor:
    """Cosine KNN with temperature-weighted votes (Wu et al. 2018): each of
    the ``k`` most similar training samples votes ``exp(s / T)`` for its
    class. Returns per-class scores (N_test, num_classes), normalised to
    sum to one."""
    train = F.normalize(train_feats.float(), dim=1)
    test = F.normalize(test_feats.float(), dim=1)
    k = min(k, train.shape[0])
    out = []
    for start in range(0, test.shape[0], chunk):
        sim = test[start:start + chunk] @ train.t()
        top_sim, top_idx = sim.topk(k, dim=1)
        weights = (top_sim / temperature).exp()
        votes = torch.zeros(sim.shape[0], num_classes, dtype=weights.dtype)
        votes.scatter_add_(1, train_labels[top_idx], weights)
        out.append(votes / votes.sum(1, keepdim=True))
    return torch.cat(out)


@torch.no_grad()
def extract_features(model, dataloader) -> Tuple[torch.Tensor, torch.Tensor,
                                                 list]:
    """Run ``model.extract_feat`` over a dataloader in eval mode; returns
    features (N, D), labels (N,) and the data samples. The model's training
    mode is restored afterwards."""
    was_training = model.training
    model.eval()
    feats, labels, samples = [], [], []
    try:
        for batch in dataloader:
            data = model.data_preprocessor(batch, False)
            feats.append(model.extract_feat(data['inputs']).float().cpu())
            for s in data['data_samples']:
                labels.append(int(s.gt_label[0]))
                samples.append(s)
    finally:
        model.train(was_training)
    return torch.cat(feats), torch.tensor(labels, dtype=torch.long), samples


def gather_features(feats: torch.Tensor, labels: torch.Tensor):
    """Concatenate every rank's features and labels (identity when not
    distributed), so that a KNN feature bank covers the whole training set
    under DDP. Ranks hold equally many samples (mmengine's DefaultSampler
    pads its shards)."""
    from mmengine.dist import all_gather, get_world_size
    if get_world_size() == 1:
        return feats, labels
    return torch.cat(all_gather(feats)), torch.cat(all_gather(labels))


def feature_bank(model, dataloader):
    """Features and labels of a whole (possibly sharded) dataloader:
    :func:`extract_features` on this rank, gathered from every rank."""
    feats, labels, _ = extract_features(model, dataloader)
    return gather_features(feats, labels)


def num_classes_of(num_classes, dataset, *labels) -> int:
    """The configured number of classes, else the dataset's, else one more
    than the largest label seen."""
    return num_classes or getattr(dataset, 'num_classes', None) or \
        int(max(int(lab.max()) for lab in labels)) + 1
