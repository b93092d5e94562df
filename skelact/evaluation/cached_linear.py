"""A linear classifier trained on cached, frozen features.

With the encoder frozen and in eval mode (frozen BN statistics, no
dropout) and no augmentation -- the SkeletonCLR / AimCLR linear protocol --
every epoch of the linear protocol sees the same features, so they can be
extracted once and the classifier trained on the cache in seconds
(:class:`~skelact.engine.hooks.LinearEvalHook` does this during
pretraining). The helpers here draw from their own generator only.
"""
import math
from typing import Callable, Dict, Optional, Sequence, Tuple

import torch

__all__ = ['train_linear', 'fit_linear_classifier', 'unique_by_index']


def unique_by_index(feats: torch.Tensor, labels: torch.Tensor,
                    indices: torch.Tensor) -> Tuple[torch.Tensor,
                                                    torch.Tensor]:
    """Features and labels of each dataset index once, in index order.

    Under DDP the ranks' shards are gathered rank after rank, and
    mmengine's ``DefaultSampler`` pads the shards to equal length with
    repeated indices; ordering by ``indices`` and dropping the repeats
    gives exactly the dataset, as one process would see it."""
    if not (len(feats) == len(labels) == len(indices)):
        raise ValueError(f'unique_by_index: {len(feats)} features, '
                         f'{len(labels)} labels, {len(indices)} indices')
    order = torch.argsort(indices, stable=True)
    idx = indices[order]
    keep = torch.ones_like(idx, dtype=torch.bool)
    keep[1:] = idx[1:] != idx[:-1]
    return feats[order[keep]], labels[order[keep]]


def _init_linear(dim: int, num_classes: int, gen: torch.Generator,
                 device) -> Tuple[torch.Tensor, torch.Tensor]:
    # PyTorch's nn.Linear default (uniform in +-1/sqrt(fan_in)), from `gen`
    bound = 1.0 / math.sqrt(dim)
    w = (torch.rand(num_classes, dim, generator=gen) * 2 - 1) * bound
    b = (torch.rand(num_classes, generator=gen) * 2 - 1) * bound
    return w.to(device), b.to(device)


@torch.no_grad()
def train_linear(x: torch.Tensor, y: torch.Tensor, num_classes: int,
                 epochs: int = 100, batch_size: int = 128, lr: float = 3.0,
                 momentum: float = 0.9, weight_decay: float = 0.0,
                 milestones: Sequence[int] = (80,), gamma: float = 0.1,
                 seed: int = 0, on_epoch: Optional[Callable] = None):
    """Weights ``(W (K, D), b (K,))`` of a linear classifier trained with
    SGD and cross-entropy on features ``x`` (N, D), labels ``y``.

    The step is ``torch.optim.SGD``'s (``d = g + wd w``; ``v = m v + d``,
    ``v = d`` at the first step; ``w -= lr v``; lr x ``gamma`` at each
    milestone epoch) with the cross-entropy gradient written out, which
    avoids autograd's and the optimiser's per-step overhead. The initial
    weights (``nn.Linear``'s default distribution) and the batch order come
    from a generator seeded with ``seed``: the global RNG states are not
    touched. ``on_epoch(epoch, W, b)`` is called after each epoch."""
    device = x.device
    gen = torch.Generator().manual_seed(int(seed))
    x, y = x.float(), y.long().to(device)
    w, b = _init_linear(x.shape[1], num_classes, gen, device)
    vw, vb = None, None
    eye = torch.eye(num_classes, device=device)
    n = x.shape[0]
    for epoch in range(epochs):
        step_lr = lr * gamma ** sum(epoch >= m for m in milestones)
        perm = torch.randperm(n, generator=gen).to(device)
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            xb = x[idx]
            # d CE / d logits = (softmax - onehot) / batch
            g = torch.softmax(xb @ w.t() + b, dim=1)
            g.sub_(eye[y[idx]]).div_(len(idx))
            gw, gb = g.t() @ xb, g.sum(0)
            if weight_decay:
                gw.add_(w, alpha=weight_decay)
                gb.add_(b, alpha=weight_decay)
            if momentum:
                if vw is None:
                    vw, vb = gw, gb
                else:
                    vw.mul_(momentum).add_(gw)
                    vb.mul_(momentum).add_(gb)
                gw, gb = vw, vb
            w.sub_(gw, alpha=step_lr)
            b.sub_(gb, alpha=step_lr)
        if on_epoch is not None:
            on_epoch(epoch, w, b)
    return w, b


@torch.no_grad()
def fit_linear_classifier(train_feats: torch.Tensor,
                          train_labels: torch.Tensor,
                          test_feats: torch.Tensor,
                          test_labels: torch.Tensor, num_classes: int,
                          eval_interval: Optional[int] = None,
                          topk=(1, 5), **schedule) -> Dict[str, float]:
    """:func:`train_linear` on the train features, then the test
    accuracies (fractions) ``top1``, ``top5`` after the last epoch and,
    with ``eval_interval``, ``best_top1``: the best test top-1 over the
    evaluations every ``eval_interval`` epochs and after the last (the
    authors' reported "best" of the linear protocol). ``schedule``: the
    keyword arguments of :func:`train_linear`; its defaults are the linear
    protocol's (SGD lr 3.0, momentum 0.9, wd 0, x0.1 at epoch 80, 100
    epochs, batch 128)."""
    xt = test_feats.float().to(train_feats.device)
    yt = test_labels.long().to(train_feats.device)
    epochs = schedule.get('epochs', 100)
    best = [-1.0]

    def evaluate(w, b):
        logits = xt @ w.t() + b
        k = min(max(topk), num_classes)
        hit = logits.topk(k, dim=1).indices == yt[:, None]
        return {f'top{t}': hit[:, :min(t, k)].any(1).float().mean().item()
                for t in topk}

    def on_epoch(epoch, w, b):
        if eval_interval and ((epoch + 1) % eval_interval == 0 or
                              epoch + 1 == epochs):
            best[0] = max(best[0], evaluate(w, b)['top1'])

    w, b = train_linear(train_feats, train_labels, num_classes,
                        on_epoch=on_epoch, **schedule)
    out = evaluate(w, b)
    if eval_interval:
        out['best_top1'] = best[0]
    return out
