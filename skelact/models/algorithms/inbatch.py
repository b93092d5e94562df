"""In-batch contrastive learning (SimCLR-style): the views of a batch are
each other's negatives -- no queue, no momentum encoder. ConMLP (seed 004
Sec. 3) is this algorithm with the ``ConMLP`` backbone; the loss
(``NTXentLoss``, ``SupConLoss``, ``TunedContrastiveLoss``) and the
reconstruction decoder are config."""
from typing import List, Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel

from skelact.models.data_preprocessors.base import build_data_preprocessor
from skelact.models.losses.contrastive import instance_labels
from skelact.registry import MODELS

__all__ = ['InBatchContrastive']

_TARGETS = ('clean', 'augmented')


@MODELS.register_module()
class InBatchContrastive(BaseModel):
    """Two views of every sample, one shared encoder, a contrastive loss over
    the 2N embeddings of the batch; optionally a reconstruction decoder
    (L = L_contrastive + L_MSE, seed Eq. 3.5).

    ``inputs`` of the ``loss`` mode: the list of views the pipeline packed
    (``MultiView``): ``[view_1, view_2]``, plus ``clean`` (the sample
    without augmentation) as a third view when the reconstruction target
    is the clean input. The two views are encoded in one batch
    ``[view_1; view_2]`` (2N, as the ConMLP code does),
    ``z = normalize(projector(neck(backbone(x))))``, and the loss reads
    ``z`` with labels:

    - self-supervised (``supervised=False``): instance ids, so each
      anchor's positive is its other view (NT-Xent; TCL's self-supervised
      use);
    - supervised (``supervised=True``): the samples' ``gt_label``, repeated
      per view (SupCon, supervised TCL).

    Reconstruction (``decoder`` set): ``x_hat = decoder(neck(backbone(x)))``
    reshaped to the input's shape, ``loss_rec = recon_weight * MSE(x_hat,
    target)`` (element-wise mean), with ``target``:

    - ``'clean'`` (seed Eq. 3.6, ``(d(e(x_bar_i)) - x_i)^2``): the
      un-augmented sample, for both views;
    - ``'augmented'``: each view itself (an autoencoder of the view).

    ``extract_feat`` returns the pooled backbone output (N, D), before the
    projector, which linear / KNN evaluation read. No training-state hooks
    are needed (``required_hooks()`` is empty).

    Args:
        backbone, neck, projector: configs of the encoder's parts.
        loss: the contrastive loss config (``NTXentLoss``).
        supervised: use the class labels as above.
        decoder: reconstruction decoder config (``MLPDecoder``) or ``None``;
            its ``out_dim`` defaults to the backbone's ``sample_dim`` (the
            values of one sample).
        recon_target: ``'clean'`` or ``'augmented'``.
        recon_weight: weight of the reconstruction loss (1, Eq. 3.5).
        data_preprocessor: config, default ``SkeletonDataPreprocessor``.
    """

    # a representation learner: evaluated by the derived protocols
    # (skelact.apis.derive_protocol), not by a head of its own
    pretraining = True

    def __init__(self, backbone: dict, neck: dict, projector: dict,
                 loss: Optional[dict] = None, supervised: bool = False,
                 decoder: Optional[dict] = None,
                 recon_target: str = 'clean', recon_weight: float = 1.0,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        super().__init__(
            data_preprocessor=build_data_preprocessor(data_preprocessor),
            init_cfg=init_cfg)
        if recon_target not in _TARGETS:
            raise ValueError(f'InBatchContrastive: recon_target must be one '
                             f'of {_TARGETS}, got {recon_target!r} (config '
                             'key model.recon_target)')
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck)
        self.projector = MODELS.build(projector)
        self.loss_module = MODELS.build(loss or dict(type='NTXentLoss'))
        self.supervised = bool(supervised)
        self.decoder = None
        if decoder is not None:
            decoder = dict(decoder)
            if decoder.get('out_dim') is None:
                decoder['out_dim'] = getattr(self.backbone, 'sample_dim', getattr(
                    self.backbone, 'input_dim', None))
            self.decoder = MODELS.build(decoder)
        self.recon_target = recon_target
        self.recon_weight = float(recon_weight)

    def required_hooks(self) -> List[dict]:
        """No training state outside the gradient step."""
        return []

    @property
    def num_views(self) -> int:
        """Views ``loss`` expects: two, and the clean sample for a clean
        reconstruction target."""
        return 3 if self.decoder is not None and \
            self.recon_target == 'clean' else 2

    def extract_feat(self, inputs) -> torch.Tensor:
        """The pooled backbone output (N, D) (the first view of packed
        views)."""
        if isinstance(inputs, (list, tuple)):
            inputs = inputs[0]
        return self.neck(self.backbone(inputs))

    def _labels(self, n: int, data_samples, device) -> torch.Tensor:
        if not self.supervised:
            return instance_labels(n, 2, device)
        if not data_samples or any(
                getattr(s, 'gt_label', None) is None for s in data_samples):
            raise ValueError(
                'InBatchContrastive(supervised=True) needs the samples\' '
                'labels (gt_label in the data samples); the dataset gives '
                'none')
        labels = torch.cat([s.gt_label.reshape(-1) for s in data_samples])
        return labels.to(device).repeat(2)

    def loss(self, inputs: List[torch.Tensor], data_samples=None) -> dict:
        if not isinstance(inputs, (list, tuple)) or \
                len(inputs) != self.num_views:
            got = len(inputs) if isinstance(inputs, (list, tuple)) else 1
            extra = (' [view_1, view_2, clean] (the reconstruction target '
                     "is the clean input: add an empty pipeline, e.g. "
                     "MultiView(transforms=[v1, v2, []], num_views=[1, 1, 1])"
                     ", or set model.recon_target='augmented')"
                     if self.num_views == 3 else ' [view_1, view_2]')
            raise ValueError(f'InBatchContrastive expects {self.num_views} '
                             f'views{extra}, got {got}; check the MultiView '
                             'pipeline')
        n = inputs[0].shape[0]
        x = torch.cat([inputs[0], inputs[1]])
        feats = self.neck(self.backbone(x))
        z = F.normalize(self.projector(feats), dim=1)
        labels = self._labels(n, data_samples, z.device)
        losses = dict(loss_con=self.loss_module(z, labels))
        if self.decoder is not None:
            target = torch.cat([inputs[2], inputs[2]]) \
                if self.recon_target == 'clean' else x
            recon = self.decoder(feats)
            if recon.shape[1] != target[0].numel():
                raise ValueError(
                    f'InBatchContrastive: the decoder gives {recon.shape[1]} '
                    f'values per sample, the input has {target[0].numel()}; '
                    'set model.decoder.out_dim to the backbone\'s input '
                    'dimension (or leave it None)')
            recon = recon.reshape(target.shape)
            losses['loss_rec'] = self.recon_weight * F.mse_loss(
                recon.float(), target.float())
        return losses

    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'tensor':
            return self.extract_feat(inputs)
        if mode == 'predict':
            raise ValueError(
                f'{type(self).__name__} learns a representation and does not '
                'classify; evaluate it with --protocol linear (or knn)')
        raise ValueError(f'unknown mode {mode!r}')
