"""The KNN evaluation protocol as an mmengine test loop."""
from typing import Dict, Union

from mmengine.runner import TestLoop

from skelact.evaluation.knn import (extract_features, feature_bank,
                                    knn_scores, num_classes_of)
from skelact.registry import LOOPS
from skelact.utils.model import unwrap

__all__ = ['KNNTestLoop']


@LOOPS.register_module()
class KNNTestLoop(TestLoop):
    """Classify the test set by KNN over the features of a labelled
    training set; no training. Predictions go to the test evaluator (e.g.
    ``AccMetric``) like a classifier's.

    Use with any model that has ``extract_feat`` (a pretraining algorithm
    or a recognizer)::

        test_cfg = dict(type='KNNTestLoop', train_dataloader=dict(...),
                        k=20, temperature=0.07)

    Args:
        train_dataloader: dataloader config of the labelled feature bank.
        k: neighbours.
        temperature: vote temperature.
        num_classes: number of classes (default: the dataset's).
    """

    def __init__(self, runner, dataloader: Union[dict, object], evaluator,
                 train_dataloader: Union[dict, object], k: int = 20,
                 temperature: float = 0.07, num_classes: int = None,
                 fp16: bool = False):
        super().__init__(runner, dataloader, evaluator, fp16=fp16)
        if isinstance(train_dataloader, dict):
            train_dataloader = runner.build_dataloader(
                train_dataloader, seed=runner.seed)
        self.train_dataloader = train_dataloader
        self.k = k
        self.temperature = temperature
        self.num_classes = num_classes

    def run(self) -> Dict[str, float]:
        self.runner.call_hook('before_test')
        self.runner.call_hook('before_test_epoch')
        model = unwrap(self.runner.model)
        bank, bank_labels = feature_bank(model, self.train_dataloader)
        feats, labels, samples = extract_features(model, self.dataloader)
        num_classes = num_classes_of(self.num_classes,
                                     self.dataloader.dataset, bank_labels,
                                     labels)
        scores = knn_scores(bank, bank_labels, feats, num_classes, self.k,
                            self.temperature)
        for s, score in zip(samples, scores):
            s.set_pred_score(score)
            s.set_pred_label(int(score.argmax()))
        self.evaluator.process(samples, None)
        # the evaluator gathers the ranks' samples (up to the dataset size)
        metrics = self.evaluator.evaluate(len(self.dataloader.dataset))
        self.runner.call_hook('after_test_epoch', metrics=metrics)
        self.runner.call_hook('after_test')
        return metrics
