"""Seeding of dataloader workers.

mmengine's default ``worker_init_fn`` seeds numpy with ``seed + worker_id``
every time workers start, so with non-persistent workers each epoch replays
the same numpy random stream: the augmentations of contrastive methods
repeat epoch after epoch. :func:`seed_worker` instead derives numpy's and
Python's seeds from the seed torch gives the worker, which torch draws from
the loader's generator whenever workers start -- every epoch unless the
workers are persistent; :class:`~skelact.engine.hooks.RNGStateHook` seeds
the training loader's generator from (run seed, epoch).

With ``persistent_workers=True`` a worker's stream runs on across epochs,
so it cannot make a resumed run exact; the augmentations of skelact's
datasets therefore follow per-sample seeds instead
(:mod:`skelact.datasets.sample_seed`, which the tools switch on). What
:func:`seed_worker` seeds still serves whatever else draws in a worker.

Use it in a dataloader config: ``worker_init_fn=dict(type='skelact.seed_worker')``.
"""
import random

import numpy as np
import torch

from skelact.registry import FUNCTIONS

__all__ = ['seed_worker']


@FUNCTIONS.register_module()
def seed_worker(worker_id: int, num_workers: int = 0, rank: int = 0,
                seed=None, **kwargs):
    # torch.initial_seed() = base_seed (per epoch) + worker_id, rank mixed in
    worker_seed = (torch.initial_seed() + 1_000_003 * rank) % 2 ** 32
    np.random.seed(worker_seed)
    random.seed(worker_seed)
