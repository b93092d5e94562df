"""Raw-joint baselines on the synthetic dataset (xsub by default).

Two deliberately weak classifiers that look at raw camera-frame
coordinates, to show that the synthetic task is not trivial:

- linear: multinomial logistic regression (torch, full-batch Adam, L2
  penalty) on the flattened joints of both persons, every sample resampled
  to 50 frames, features standardised on the training split;
- nearest centroid: the same features, one mean per class.

Usage::

    python benchmarks/synthetic_baselines.py [--num-classes 10] [--split xsub]
        [--hard]

``--hard`` generates the set in the demo's HARD setting
(``skelact.datasets.synthetic.HARD``; docs/synthetic.md).
"""
import argparse
import time

import numpy as np
import torch

from skelact.datasets.synthetic import (HARD, generate_synthetic,
                                        synthetic_splits)


def resample(keypoint: np.ndarray, frames: int = 50) -> np.ndarray:
    """Linearly resample (M, T, V, C) to (M, frames, V, C)."""
    t = keypoint.shape[1]
    pos = np.linspace(0, t - 1, frames)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, t - 1)
    w = (pos - lo)[None, :, None, None]
    return keypoint[:, lo] * (1 - w) + keypoint[:, hi] * w


def features(records, frames=50):
    x = np.stack([resample(r['keypoint'], frames).reshape(-1)
                  for r in records])
    y = np.array([r['label'] for r in records])
    return x.astype(np.float32), y


def linear_probe(x_train, y_train, x_test, y_test, weight_decay=1e-4,
                 steps=300, lr=1e-2):
    """Top-1 (test, train) of an L2-regularised softmax regression trained
    full-batch with Adam."""
    torch.manual_seed(0)
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
    num_classes = int(y_train.max()) + 1
    model = torch.nn.Linear(xt.shape[1], num_classes)
    opt = torch.optim.Adam(model.parameters(), lr=lr,
                           weight_decay=weight_decay)
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xt), yt).backward()
        opt.step()
    with torch.no_grad():
        pred = model(torch.from_numpy(x_test)).argmax(1).numpy()
        train_pred = model(xt).argmax(1).numpy()
    return (pred == y_test).mean(), (train_pred == y_train).mean()


def nearest_centroid(x_train, y_train, x_test, y_test):
    classes = np.unique(y_train)
    centroids = np.stack([x_train[y_train == c].mean(0) for c in classes])
    d = ((x_test[:, None] - centroids[None]) ** 2).sum(-1)
    return (classes[d.argmin(1)] == y_test).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--num-classes', type=int, default=10)
    parser.add_argument('--num-subjects', type=int, default=20)
    parser.add_argument('--split', default='xsub', choices=['xsub', 'xview'])
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--weight-decay', type=float, default=1e-4)
    parser.add_argument('--hard', action='store_true',
                        help='the HARD nuisance setting (the demo)')
    args = parser.parse_args()

    tic = time.time()
    records = generate_synthetic(num_classes=args.num_classes,
                                 num_subjects=args.num_subjects,
                                 seed=args.seed,
                                 **(HARD if args.hard else {}))
    gen_time = time.time() - tic
    splits = synthetic_splits(records)
    train = [records[i] for i in splits[f'{args.split}_train']]
    test = [records[i] for i in splits[f'{args.split}_val']]
    x_train, y_train = features(train)
    x_test, y_test = features(test)
    mean, std = x_train.mean(0), x_train.std(0) + 1e-6
    x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

    lin, lin_train = linear_probe(x_train, y_train, x_test, y_test,
                                  args.weight_decay)
    nc = nearest_centroid(x_train, y_train, x_test, y_test)
    print(f'synthetic {args.num_classes} classes, seed {args.seed}'
          f'{" (HARD)" if args.hard else ""}: '
          f'{len(records)} samples generated in {gen_time:.2f} s; '
          f'{args.split} train {len(train)}, test {len(test)}')
    print(f'linear (raw joints, 50 frames): top-1 {lin:.3f} '
          f'(train {lin_train:.3f})')
    print(f'nearest centroid (raw joints):  top-1 {nc:.3f}')


if __name__ == '__main__':
    main()
