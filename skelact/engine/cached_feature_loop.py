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
        if get_world_size() > 1:  # each process would cache its own shard
            self.runner.logger.info(
                f'{type(self).__name__}: {get_world_size()} processes; '
                'the encoder runs in every epoch (the plain loop)')
            return super().run()
        self._check_usable()
        self.runner.call_hook('before_train')  # as the plain loop
        self._feats, self._samples = self._extract()
        while self._epoch < self._max_epochs and not self.stop_training:
            self.run_epoch()
            self._decide_current_val_interval()
            if (self.runner.val_loop is not None
                    and self._epoch >= self.val_begin
                    and (self._epoch % self.val_interval == 0
                         or self._epoch == self._max_epochs)):
                self.runner.val_loop.run()
        self.runner.call_hook('after_train')
        return self.runner.model

    def _check_usable(self):
        model = unwrap(self.runner.model)
        where = f'{type(self).__name__} (train_cfg)'
        if not getattr(model, 'frozen_backbone', False) or not hasattr(
                model, 'head') or model.head is None:
            raise ValueError(f'{where}: needs a model with a frozen '
                             'backbone and a head (Recognizer(frozen_'
                             'backbone=True, head=...)), got '
                             f'{type(model).__name__}'
                             + ('' if getattr(model, 'frozen_backbone', False)
                                else ' whose backbone trains'))

    @torch.no_grad()
    def _features(self, model, batch) -> torch.Tensor:
        data = model.data_preprocessor(batch, True)
        return model.extract_feat(data['inputs']), data['data_samples']

    @torch.no_grad()
    def _extract(self):
        """Features (N, D) and data samples of the whole train set, in
        dataset index order."""
        from mmengine.dataset import pseudo_collate
        model = unwrap(self.runner.model)
        was_training = model.training
        model.train()  # the frozen backbone stays in eval mode
        loader = self.dataloader
        dataset = loader.dataset
        collate = getattr(loader, 'collate_fn', None) or pseudo_collate
        bs = loader.batch_size or 1
        # one sample twice: a random pipeline would make the cache wrong
        first = [self._features(model, collate([dataset[0]]))[0]
                 for _ in range(2)]
        if not torch.allclose(first[0], first[1], rtol=1e-5, atol=1e-6):
            raise ValueError(
                f'{type(self).__name__}: sample 0 of the train set gave '
                'two different feature vectors: the train pipeline is '
                'random (augmentation), so features cannot be cached; use '
                "train_cfg.type='EpochBasedTrainLoop'")
        feats: List[torch.Tensor] = []
        samples: list = []
        for start in range(0, len(dataset), bs):
            batch = collate([dataset[i] for i in
                             range(start, min(start + bs, len(dataset)))])
            f, s = self._features(model, batch)
            feats.append(f)
            samples += list(s)
        model.train(was_training)
        self.runner.logger.info(
            f'{type(self).__name__}: cached {len(samples)} training '
            f'features of shape {tuple(feats[0].shape[1:])} (the encoder runs '
            f'once, not in each of {self._max_epochs} epochs)')
        return torch.cat(feats), samples

    def run_epoch(self) -> None:
        self.runner.call_hook('before_train_epoch')
        self.runner.model.train()
        sampler = self.dataloader.sampler
        if hasattr(sampler, 'set_epoch'):
            sampler.set_epoch(self._epoch)
        batches = list(iter(self.dataloader.batch_sampler))
        for idx, indices in enumerate(batches):
            self.run_iter(idx, dict(inputs=self._feats[indices],
                                    data_samples=[self._samples[i]
                                                  for i in indices]))
        self.runner.call_hook('after_train_epoch')
        self._epoch += 1

    def run_iter(self, idx, data_batch) -> None:
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
