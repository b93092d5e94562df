"""Per-sample random streams: exact resume whatever the workers do.

A sample's augmentations draw from numpy's (and Python's, torch's) global
generators. In a dataloader worker those streams depend on the worker: how
many there are, which one got the sample and -- with
``persistent_workers=True`` -- everything the worker drew in earlier epochs.
A resumed run starts fresh workers, so its augmentations (and the weights it
ends with) differed from an uninterrupted run's.

Here the stream of every sample is instead a function of

    (run seed, epoch, rank, position in this rank's epoch, dataset index)

:class:`SampleSeedSampler` wraps the configured sampler (``DefaultSampler``
...) and yields each index as a :class:`SeededIndex` -- an ``int`` that
carries the sample's seed, so the epoch travels with the index into the
worker (the dataset object in a persistent worker is a copy that never sees
``set_epoch``). :class:`~skelact.datasets.SkeletonDataset` runs the pipeline
of a seeded index under :func:`sample_rng`, which seeds numpy, Python and
torch's CPU generator from it and puts the caller's states back afterwards.
So a sample's views are the same for ``num_workers`` 0, 2 or persistent,
differ from epoch to epoch (contrastive methods never repeat a view), and a
resumed run (``DistSamplerSeedHook`` sets the sampler's epoch) draws what the
uninterrupted run drew.

``tools/train.py`` and ``tools/test.py`` wrap every dataloader of the config
(:func:`seed_every_sample`: the train, val and test loaders and the loaders
of hooks and loops, e.g. KNN evaluation). A plain ``int`` index (a loader
built otherwise) keeps the old behaviour: the worker's own stream, seeded by
:func:`~skelact.datasets.seed_worker`. Dataset wrappers that map indices by
arithmetic (mmengine's ``ConcatDataset``, ``RepeatDataset``) keep the seed;
``ClassBalancedDataset`` (a table look-up) loses it.
"""
import random
from contextlib import contextmanager
from typing import Iterator, Optional

import numpy as np
import torch
from torch.utils.data import Sampler, get_worker_info

from skelact.registry import DATA_SAMPLERS

__all__ = ['SeededIndex', 'SampleSeedSampler', 'sample_seed', 'sample_rng',
           'seed_every_sample']

_MASK64 = 2 ** 64 - 1


class SeededIndex(int):
    """A dataset index carrying the seed of the sample's random stream.

    Behaves as the ``int`` it is; ``+``, ``-`` and ``%`` with an ``int``
    keep the seed (index arithmetic of dataset wrappers)."""

    def __new__(cls, value: int, seed: int):
        obj = super().__new__(cls, value)
        obj.seed = int(seed)
        return obj

    def __reduce__(self):  # through the workers' index queue
        return (SeededIndex, (int(self), self.seed))

    def __repr__(self):
        return f'SeededIndex({int(self)}, seed={self.seed})'

    def _keep(self, value):
        return SeededIndex(value, self.seed) \
            if isinstance(value, int) else value

    def __add__(self, other):
        return self._keep(int.__add__(self, other))

    __radd__ = __add__

    def __sub__(self, other):
        return self._keep(int.__sub__(self, other))

    def __mod__(self, other):
        return self._keep(int.__mod__(self, other))


def _mix(x: int) -> int:
    """splitmix64's finaliser: a bijection of 64-bit words that spreads
    every input bit over the output."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def sample_seed(seed: int, epoch: int, rank: int, position: int,
                index: int) -> int:
    """The 64-bit seed of one sample draw: the five numbers hashed in turn
    (splitmix64), so nearby inputs give unrelated seeds. A few
    microseconds: the sampler computes it in the main process for every
    sample."""
    h = 0
    for word in (seed, epoch, rank, position, index):
        h = _mix(h ^ (int(word) & _MASK64))
    return h


@contextmanager
def sample_rng(seed: int):
    """Seed numpy's, Python's and torch's CPU global generators from
    ``seed`` for the body. In the main process (``num_workers=0``) the
    states they had are put back afterwards, so data loading leaves the
    main process's streams alone; a worker skips that (its streams serve
    only the samples, each seeded afresh)."""
    in_main = get_worker_info() is None
    if in_main:
        np_state = np.random.get_state()
        py_state = random.getstate()
        torch_state = torch.get_rng_state()
    seed = int(seed) & _MASK64
    np.random.seed([seed & 0xFFFFFFFF, seed >> 32])
    random.seed(seed)
    torch.default_generator.manual_seed(seed)  # CPU only: CUDA untouched
    try:
        yield
    finally:
        if in_main:
            np.random.set_state(np_state)
            random.setstate(py_state)
            torch.set_rng_state(torch_state)


@DATA_SAMPLERS.register_module()
class SampleSeedSampler(Sampler):
    """Wrap a sampler so that it yields :class:`SeededIndex` es.

    Args:
        dataset: the dataset (given by mmengine's ``build_dataloader``).
        sampler: the wrapped sampler's config (built with the same
            ``dataset`` and ``seed``) or a sampler.
        seed: the run seed (mmengine passes ``randomness.seed``); by default
            the wrapped sampler's ``seed``, else one synchronised over ranks.
    """

    def __init__(self, dataset, sampler=None, seed: Optional[int] = None):
        if sampler is None:
            sampler = dict(type='DefaultSampler', shuffle=True)
        if isinstance(sampler, dict):
            sampler = DATA_SAMPLERS.build(
                sampler, default_args=dict(dataset=dataset, seed=seed))
        self.sampler = sampler
        if seed is None:
            seed = getattr(sampler, 'seed', None)
        if seed is None:
            from mmengine.dist import sync_random_seed
            seed = sync_random_seed()
        from mmengine.dist import get_dist_info
        self.seed = int(seed)
        self.rank = get_dist_info()[0]
        self.epoch = 0

    def set_epoch(self, epoch: int):
        self.epoch = epoch
        if hasattr(self.sampler, 'set_epoch'):
            self.sampler.set_epoch(epoch)

    def __len__(self) -> int:
        return len(self.sampler)

    def __iter__(self) -> Iterator[SeededIndex]:
        epoch = self.epoch
        for position, index in enumerate(self.sampler):
            yield SeededIndex(index, sample_seed(self.seed, epoch, self.rank,
                                                 position, index))

    def __getattr__(self, name):
        # attributes of the wrapped sampler (shuffle, num_samples, ...)
        if name == 'sampler':
            raise AttributeError(name)
        return getattr(self.sampler, name)


def _is_loader(cfg) -> bool:
    return isinstance(cfg, dict) and 'dataset' in cfg and \
        isinstance(cfg.get('sampler'), dict)


def seed_every_sample(cfg):
    """Wrap the sampler of every dataloader config in ``cfg`` (top-level
    loaders and those nested in hooks and loops) in
    :class:`SampleSeedSampler`; already wrapped ones are left as they are.
    Returns ``cfg`` (changed in place)."""
    def visit(node):
        if isinstance(node, dict):
            if _is_loader(node) and not str(
                    node['sampler'].get('type')).endswith('SampleSeedSampler'):
                node['sampler'] = dict(type='SampleSeedSampler',
                                       sampler=node['sampler'])
            for value in node.values():
                visit(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                visit(value)

    for key in list(cfg.keys()):  # a Config or a dict
        visit(cfg[key])
    return cfg
