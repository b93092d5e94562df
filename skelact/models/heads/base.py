"""Base class of classification heads.

A head maps features to class logits in :meth:`forward`; the base class
turns logits into a loss dict (``loss_cls``) and into predictions
(``pred_score`` = softmax, ``pred_label`` = argmax, and the raw
``pred_logits``, for fusion on logits) in the data samples.
"""
from typing import List, Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule

from skelact.registry import MODELS
from skelact.structures import ActionDataSample

__all__ = ['BaseHead']


class BaseHead(BaseModule):
    """Args:
        num_classes: number of classes.
        loss: config of the classification loss; default cross-entropy.
        label_smoothing: passed to the default cross-entropy.
        init_cfg: mmengine initialisation config.
    """

    def __init__(self, num_classes: int, loss: Optional[dict] = None,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.loss_module = MODELS.build(
            loss if loss is not None else dict(type='CrossEntropyLoss'))

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def loss(self, feats, data_samples: List[ActionDataSample]) -> dict:
        logits = self(feats)
        labels = torch.cat([s.gt_label for s in data_samples]).to(
            logits.device)
        return dict(loss_cls=self.loss_module(logits, labels))

    def predict(self, feats, data_samples: Optional[List] = None):
        logits = self(feats)
        scores = F.softmax(logits.float(), dim=-1)
        if data_samples is None:
            data_samples = [ActionDataSample() for _ in range(len(scores))]
        for sample, score, logit in zip(data_samples, scores, logits):
            sample.set_pred_score(score.detach())
            sample.set_field(logit.detach().float(), 'pred_logits')
            sample.set_pred_label(score.argmax().item())
        return data_samples
