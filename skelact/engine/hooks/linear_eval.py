"""Periodic linear evaluation of the representation during pretraining."""
import torch
from mmengine.dist import all_gather, get_world_size, is_main_process
from mmengine.hooks import Hook

from skelact.evaluation.cached_linear import (fit_linear_classifier,
                                              unique_by_index)
from skelact.evaluation.knn import extract_features, num_classes_of
from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .rng_state import RNGStateHook

__all__ = ['LinearEvalHook']


@HOOKS.register_module()
class LinearEvalHook(Hook):
    """Every ``interval`` epochs (and after the last), extract the frozen
    features (``model.extract_feat``, the model in eval mode: frozen BN
    statistics, no dropout) of a labelled train and test loader without
    augmentation, train a fresh linear classifier on the cached features
    with the linear protocol's schedule (``configs/_base_/protocols/
    linear.py``: SGD lr 3.0, momentum 0.9, wd 0, x0.1 at 80, 100 epochs,
    batch 128) and log its test accuracy as ``linear/top1`` and
    ``linear/top5`` (and ``linear/best_top1`` with ``eval_interval``).

    Because the protocol's encoder is frozen and its views are not
    augmented, training on cached features is the protocol itself, in
    seconds instead of a run. The evaluation is RNG-neutral (the global
    states are restored; the classifier draws from a generator seeded with
    ``seed``), so a run with the hook trains as one without it. Under DDP
    every rank extracts its shard; the features are gathered with their
    dataset indices and the sampler's padding removed, so every rank trains
    the same classifier on exactly the dataset and logs the same numbers.

    Args:
        train_dataloader, val_dataloader: dataloader configs (no
            augmentation, ``shuffle=False``).
        interval: pretraining epochs between evaluations.
        epochs, batch_size, lr, momentum, weight_decay, milestones, gamma:
            the classifier's schedule (the linear protocol's by default).
        eval_interval: also report the best test top-1 over evaluations
            every this many classifier epochs (the authors' "best";
            ``None``: only the last epoch's).
        num_classes: number of classes (default: the train dataset's).
        seed: seed of the classifier's initial weights and batch order.
    """

    priority = 'LOW'

    def __init__(self, train_dataloader: dict, val_dataloader: dict,
                 interval: int = 10, epochs: int = 100,
                 batch_size: int = 128, lr: float = 3.0,
                 momentum: float = 0.9, weight_decay: float = 0.0,
                 milestones=(80,), gamma: float = 0.1, eval_interval=None,
                 num_classes: int = None, seed: int = 0):
        if int(interval) < 1 or int(epochs) < 1 or int(batch_size) < 1:
            raise ValueError(
                f'LinearEvalHook: interval, epochs and batch_size must be '
                f'>= 1, got {interval}, {epochs}, {batch_size}')
        self.train_cfg = train_dataloader
        self.val_cfg = val_dataloader
        self.interval = int(interval)
        self.fit_args = dict(
            epochs=int(epochs), batch_size=int(batch_size), lr=lr,
            momentum=momentum, weight_decay=weight_decay,
            milestones=tuple(milestones), gamma=gamma, seed=seed,
            eval_interval=eval_interval)
        self.num_classes = num_classes
        self._loaders = None

    def _build(self, runner):
        if self._loaders is None:
            loaders = []
            for name, cfg in (('train_dataloader', self.train_cfg),
                              ('val_dataloader', self.val_cfg)):
                loader = runner.build_dataloader(cfg, seed=runner.seed)
                if getattr(loader.sampler, 'shuffle', False):
                    raise ValueError(
                        f'LinearEvalHook: {name}.sampler must not shuffle '
                        '(shuffle=False): features are matched to their '
                        'samples by the sampler order; the classifier '
                        'shuffles its own batches')
                loaders.append(loader)
            self._loaders = tuple(loaders)
        return self._loaders

    @staticmethod
    def features(model, loader):
        """Features and labels of every sample of ``loader``'s dataset
        once, in index order (gathered from all ranks)."""
        feats, labels, _ = extract_features(model, loader)
        indices = torch.as_tensor(list(iter(loader.sampler)),
                                  dtype=torch.long)
        if len(indices) != len(feats):
            raise RuntimeError(
                f'LinearEvalHook: {len(feats)} features but the sampler '
                f'lists {len(indices)} samples (drop_last must be False)')
        if get_world_size() > 1:
            feats, labels, indices = (torch.cat(all_gather(t)) for t in
                                      (feats, labels, indices))
        return unique_by_index(feats, labels, indices)

    def after_train_epoch(self, runner):
        if not (self.every_n_epochs(runner, self.interval) or
                self.is_last_train_epoch(runner)):
            return
        state = RNGStateHook.get_state()  # evaluation is RNG-neutral
        try:
            train_loader, val_loader = self._build(runner)
            model = unwrap(runner.model)
            train_x, train_y = self.features(model, train_loader)
            test_x, test_y = self.features(model, val_loader)
            num_classes = num_classes_of(self.num_classes,
                                         train_loader.dataset, train_y,
                                         test_y)
            param = next(model.parameters(), None)
            device = param.device if param is not None else 'cpu'
            metrics = fit_linear_classifier(
                train_x.to(device), train_y, test_x, test_y, num_classes,
                **self.fit_args)
        finally:
            RNGStateHook.set_state(state)
        scalars = {f'linear/{k}': v for k, v in metrics.items()}
        for key, value in scalars.items():
            runner.message_hub.update_scalar(key, value)
        if is_main_process():
            runner.visualizer.add_scalars(scalars, step=runner.epoch)
        runner.logger.info(
            f'Epoch {runner.epoch} linear ({len(train_y)} train / '
            f'{len(test_y)} test clips, {self.fit_args["epochs"]} epochs): '
            + '  '.join(f'{k} {v:.4f}' for k, v in metrics.items()))
