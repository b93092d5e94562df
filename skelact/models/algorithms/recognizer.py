"""Supervised recognizer: backbone -> neck -> head."""
from typing import List, Optional

import torch
from mmengine.model import BaseModel

from skelact.models.data_preprocessors.base import build_data_preprocessor
from skelact.registry import MODELS

__all__ = ['Recognizer']


@MODELS.register_module()
class Recognizer(BaseModel):
    """A backbone, an optional neck and a classification head.

    Also the model of the linear, semi-supervised and fine-tuning evaluation
    protocols: with ``frozen_backbone=True`` the backbone's parameters get
    no gradient and the backbone stays in eval mode even while the model
    trains (frozen BN statistics, no dropout), which linear evaluation of a
    self-supervised encoder requires.

    Args:
        backbone: backbone config.
        head: head config; ``None`` for a feature extractor (KNN).
        neck: neck config, e.g. ``GlobalAveragePooling``.
        frozen_backbone: freeze the backbone as above.
        data_preprocessor: data preprocessor config.
        init_cfg: e.g. ``dict(type='Pretrained', checkpoint=..., prefix=...)``.
    """

    def __init__(self, backbone: dict, head: Optional[dict] = None,
                 neck: Optional[dict] = None,
                 frozen_backbone: bool = False,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        super().__init__(
            data_preprocessor=build_data_preprocessor(data_preprocessor),
                         init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.head = MODELS.build(head) if head is not None else None
        self.frozen_backbone = frozen_backbone
        if frozen_backbone:
            self.backbone.requires_grad_(False)
            self.backbone.eval()

    def train(self, mode: bool = True):
        super().train(mode)
        if self.frozen_backbone:
            self.backbone.eval()
        return self

    def extract_feat(self, inputs: torch.Tensor) -> torch.Tensor:
        """Pooled representation (N, D) (or the feature map without a
        neck)."""
        if self.frozen_backbone:
            with torch.no_grad():
                x = self.backbone(inputs)
        else:
            x = self.backbone(inputs)
        return self.neck(x) if self.neck is not None else x

    def forward(self, inputs, data_samples: Optional[List] = None,
                mode: str = 'tensor'):
        feats = self.extract_feat(inputs)
        if mode == 'tensor':
            return feats if self.head is None else self.head(feats)
        if self.head is None:
            raise ValueError('Recognizer without a head only extracts '
                             "features (mode='tensor')")
        if mode == 'loss':
            return self.head.loss(feats, data_samples)
        if mode == 'predict':
            return self.head.predict(feats, data_samples)
        raise ValueError(f'Recognizer: unknown mode {mode!r}; expected '
                         "'tensor', 'loss' or 'predict'")
