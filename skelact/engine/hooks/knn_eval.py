"""Periodic KNN evaluation of the representation during pretraining."""
from mmengine.hooks import Hook
from mmengine.dist import is_main_process

from skelact.evaluation.knn import feature_bank, knn_scores, num_classes_of
from skelact.evaluation.metrics.accuracy import top_k_accuracy
from skelact.registry import HOOKS
from skelact.utils.model import unwrap
from .rng_state import RNGStateHook

__all__ = ['KNNEvalHook']


@HOOKS.register_module()
class KNNEvalHook(Hook):
    """Every ``interval`` epochs (and after the last), extract features of
    a labelled train and test loader with ``model.extract_feat`` and log the
    weighted-KNN top-1 / top-5 accuracy as ``knn/top1`` and ``knn/top5``,
    so that users watch representation quality while pretraining.

    Args:
        train_dataloader, val_dataloader: dataloader configs (no
            augmentation).
        interval: epochs between evaluations.
        k, temperature: KNN parameters.
        num_classes: number of classes (default: the train dataset's).
    """

    priority = 'LOW'

    def __init__(self, train_dataloader: dict, val_dataloader: dict,
                 interval: int = 10, k: int = 20, temperature: float = 0.07,
                 num_classes: int = None):
        self.train_cfg = train_dataloader
        self.val_cfg = val_dataloader
        self.interval = interval
        self.k = k
        self.temperature = temperature
        self.num_classes = num_classes
        self._loaders = None

    def _build(self, runner):
        if self._loaders is None:
            self._loaders = (
                runner.build_dataloader(self.train_cfg, seed=runner.seed),
                runner.build_dataloader(self.val_cfg, seed=runner.seed))
        return self._loaders

    def after_train_epoch(self, runner):
        if not (self.every_n_epochs(runner, self.interval) or
                self.is_last_train_epoch(runner)):
            return
        state = RNGStateHook.get_state()  # evaluation is RNG-neutral
        train_loader, val_loader = self._build(runner)
        model = unwrap(runner.model)
        # under DDP every rank gathers the full bank and test set, so all
        # ranks compute (and log) the same numbers
        bank, bank_labels = feature_bank(model, train_loader)
        feats, labels = feature_bank(model, val_loader)
        num_classes = num_classes_of(self.num_classes, train_loader.dataset,
                                     bank_labels, labels)
        scores = knn_scores(bank, bank_labels, feats, num_classes, self.k,
                            self.temperature).numpy()
        RNGStateHook.set_state(state)
        top1 = top_k_accuracy(scores, labels.numpy(), 1)
        top5 = top_k_accuracy(scores, labels.numpy(), 5)
        runner.message_hub.update_scalar('knn/top1', top1)
        runner.message_hub.update_scalar('knn/top5', top5)
        if is_main_process():
            runner.visualizer.add_scalars(
                {'knn/top1': top1, 'knn/top5': top5}, step=runner.epoch)
        runner.logger.info(f'Epoch {runner.epoch} KNN (k={self.k}): '
                           f'top1 {top1:.4f}  top5 {top5:.4f}')
