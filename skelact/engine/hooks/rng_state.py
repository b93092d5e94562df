"""Save and restore the random number generators with each checkpoint."""
import random

import numpy as np
import torch
from mmengine.hooks import Hook
from torch.utils.data import DataLoader

from skelact.registry import HOOKS

__all__ = ['RNGStateHook']


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Put the torch, numpy and Python RNG states in every checkpoint and
    restore them when training resumes, so that a resumed run draws the
    same augmentations, dropout masks and worker seeds as an uninterrupted
    one. A checkpoint loaded with ``load_from`` (not a resume) leaves the
    generators alone.

    Validation during training is made RNG-neutral (the states are put back
    after it): otherwise the validation loader's draws would shift the
    training stream, so that the result depended on ``val_interval`` and a
    resumed run (which does not replay that validation) diverged.

    So is the training loader: before every epoch it gets a generator of
    its own, seeded by (run seed, epoch), from which torch draws the
    workers' base seed. Otherwise that draw came from the main process's
    stream -- every epoch with non-persistent workers, but only when the
    workers start with ``persistent_workers=True``, i.e. at epoch 0 in an
    uninterrupted run and at the resumed epoch in a resumed one, which
    shifted every dropout mask after it. (The augmentations themselves
    follow per-sample seeds: :mod:`skelact.datasets.sample_seed`.)
    """

    priority = 'VERY_LOW'

    def __init__(self):
        self._pending = None
        self._before_val = None

    @staticmethod
    def get_state() -> dict:
        state = dict(torch=torch.get_rng_state(),
                     numpy=list(np.random.get_state()),
                     python=list(random.getstate()))
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            state['cuda'] = torch.cuda.get_rng_state_all()
        return state

    @staticmethod
    def set_state(state: dict):
        torch.set_rng_state(state['torch'].cpu())
        np.random.set_state(tuple(state['numpy']))
        version, internal, gauss = state['python']
        random.setstate((version, tuple(internal), gauss))
        if 'cuda' in state and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(state['cuda'])

    def before_save_checkpoint(self, runner, checkpoint: dict):
        checkpoint['rng_state'] = self.get_state()

    def before_train_epoch(self, runner):
        loader = getattr(runner.train_loop, 'dataloader', None)
        if not isinstance(loader, DataLoader):
            return
        if loader.generator is None:
            loader.generator = torch.Generator()
        loader.generator.manual_seed(
            (int(runner.seed) * 1_000_003 + runner.epoch) % 2 ** 63)

    def before_val(self, runner):
        self._before_val = self.get_state()

    def after_val(self, runner):
        if self._before_val is not None:
            self.set_state(self._before_val)
            self._before_val = None

    def after_load_checkpoint(self, runner, checkpoint: dict):
        if getattr(runner, '_resume', False) and 'rng_state' in checkpoint:
            self._pending = checkpoint['rng_state']

    def before_train(self, runner):
        state, self._pending = self._pending, None
        if state is None:
            return
        self.set_state(state)
        runner.logger.info('restored the RNG states of the checkpoint')
