"""Linear evaluation on features extracted once (the cached train loop)."""
from typing import List

import torch
from mmengine.dist import get_world_size
from mmengine.runner import EpochBasedTrainLoop

from skelact.registry import LOOPS
from skelact.utils.model import unwrap

__all__ = ['CachedFeatureTrainLoop']


@LOOPS.register_module()
class CachedFeatureTrainLoop(EpochBasedTrainLoop):
    """``EpochBasedTrainLoop`` for a head over a frozen encoder, with the
    encoder run once instead of once per epoch.

    A frozen encoder in eval mode (``Recognizer(frozen_backbone=True)``:
    frozen BN statistics, no dropout) under a train pipeline without
    randomness -- the linear protocols -- maps every sample to the same
    features in every epoch. This loop extracts them once, before the first
    epoch, in dataset order; each epoch then draws its batches from the
    train loader's own sampler (same order, batch size and ``drop_last``
    as the plain loop) and runs only the head: loss, backward and the
    optimiser step through the runner's optim wrapper, with every hook of
    the plain loop. The head's weights equal the plain loop's to float
    tolerance (tests/engine/test_cached_feature_loop.py); only the
    encoder's repeated forward passes are gone.

    Refused, with the reason, for a model whose backbone is not frozen and
    for a pipeline that gives one sample two different feature vectors
    (random augmentation). With more than one process (DDP) it runs as
    the plain loop: each process would cache only its shard.
    """

    def run(self) -> torch.nn.Module:
        self._caching = get_world_size() == 1
        self._cache = None  # (features, data samples), at the first epoch
        if self._caching:
            self._check_usable()
        else:  # each process would cache its own shard
            self.runner.logger.info(
                f'{type(self).__name__}: {get_world_size()} processes; '
                'the encoder runs in every epoch (the plain loop)')
        return super().run()

    def _check_usable(self):
        model = unwrap(self.runner.model)
        where = f'{type(self).__name__} (train_cfg)'
        needs = ('needs a model with a frozen backbone and a head '
                 '(Recognizer(frozen_backbone=True, head=...))')
        if not getattr(model, 'frozen_backbone', False):
            raise ValueError(f'{where}: {needs}, got '
                             f'{type(model).__name__} whose backbone trains')
        if getattr(model, 'head', None) is None:
            raise ValueError(f'{where}: {needs}, got '
                             f'{type(model).__name__} without a head')

    @torch.no_grad()
    def _features(self, model, batch):
        data = model.data_preprocessor(batch, True)
        return model.extract_feat(data['inputs']), data['data_samples']

    @torch.no_grad()
    def _extract(self):
        """Features (N, ...) and data samples of the whole train set, in
        dataset index order, read with the train loader's workers."""
        from mmengine.dataset import pseudo_collate
        from torch.utils.data import DataLoader
        model = unwrap(self.runner.model)
        loader = self.dataloader
        dataset = loader.dataset
        collate = getattr(loader, 'collate_fn', None) or pseudo_collate
        # one sample twice: a random pipeline would make the cache wrong
        first = [self._features(model, collate([dataset[0]]))[0]
                 for _ in range(2)]
        if not torch.allclose(first[0], first[1], rtol=1e-5, atol=1e-6):
            raise ValueError(
                f'{type(self).__name__}: sample 0 of the train set gave '
                'two different feature vectors: the train pipeline is '
                'random (augmentation), so features cannot be cached; use '
                "train_cfg.type='EpochBasedTrainLoop'")
        ordered = DataLoader(dataset, batch_size=loader.batch_size or 1,
                             shuffle=False, collate_fn=collate,
                             num_workers=loader.num_workers,
                             worker_init_fn=loader.worker_init_fn)
        feats: List[torch.Tensor] = []
        samples: list = []
        for batch in ordered:
            f, s = self._features(model, batch)
            feats.append(f)
            samples += list(s)
        self.runner.logger.info(
            f'{type(self).__name__}: cached {len(samples)} training '
            f'features of shape {tuple(feats[0].shape[1:])} (the encoder '
            f'runs once, not in each of {self._max_epochs} epochs)')
        return torch.cat(feats), samples

    def run_epoch(self) -> None:
        if not self._caching:
            return super().run_epoch()
        if self._cache is None:
            self._cache = self._extract()
        feats, samples = self._cache
        self.runner.call_hook('before_train_epoch')
        self.runner.model.train()
        sampler = self.dataloader.sampler
        if hasattr(sampler, 'set_epoch'):
            sampler.set_epoch(self._epoch)
        for idx, indices in enumerate(self.dataloader.batch_sampler):
            self._run_cached_iter(idx, dict(
                inputs=feats[indices],
                data_samples=[samples[i] for i in indices]))
        self.runner.call_hook('after_train_epoch')
        self._epoch += 1

    def _run_cached_iter(self, idx, data_batch) -> None:
        """``run_iter`` on cached features: the head's loss and step."""
        self.runner.call_hook('before_train_iter', batch_idx=idx,
                              data_batch=data_batch)
        model = unwrap(self.runner.model)
        optim_wrapper = self.runner.optim_wrapper
        with optim_wrapper.optim_context(model):
            losses = model.head.loss(data_batch['inputs'],
                                     data_batch['data_samples'])
        parsed, log_vars = model.parse_losses(losses)
        optim_wrapper.update_params(parsed)
        self.runner.call_hook('after_train_iter', batch_idx=idx,
                              data_batch=data_batch, outputs=log_vars)
        self._iter += 1
