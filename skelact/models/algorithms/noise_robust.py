"""Noise-robust training with contrastive losses (seed 002, section III-B,
Fig. 1), after TCL's semi-supervised design (Singh et al., CVPR 2021).

One backbone and one classifier. Per batch:

1. the clean labelled samples -> cross-entropy;
2. the clean and 3. the noisy versions of the same samples (the noisy one
   from :class:`~skelact.datasets.transforms.MotionScaledNoise`) -> an
   instance contrastive loss (positive: a sample's clean and noisy
   representations; negatives: the other samples of both versions) and a
   group contrastive loss (the same on per-group mean representations);

``L = CE + gamma1 * L_inst + gamma2 * L_group``; the contrastive terms are
on only after ``sup_thresh`` supervised-only epochs (TCL's
``pseudo_thresh``), switched by :class:`ContrastiveStageHook` (declared in
:meth:`NoiseRobustRecognizer.required_hooks`; the stage is a buffer, so a
checkpoint carries it).

The seed leaves the representation S open. ``representation='prob'``
(default, TCL's code): the class-probability vectors ``softmax(head(x))``,
the clean pathway with a stop-gradient (``detach_clean=True``, TCL's
``output_fast.detach()``); ``'feature'``: the pooled backbone features the
head reads (N, D). Groups are the ground-truth classes (``grouping='label'``,
the seed: "average representations of the i-th class") or each pathway's
arg-max pseudo-labels (``'pseudo'``, TCL). The losses' temperature and
anchors: :mod:`skelact.models.losses.noise_contrastive`.

Inputs of the ``loss`` mode: views ``[clean, noisy]`` (the clean view is the
labelled stream and the clean contrastive stream, one forward pass) or
``[labelled, clean, noisy]`` (a separately augmented labelled view). Before
``sup_thresh`` the noisy view is not forwarded. Evaluation (``predict``,
``tensor``) is the plain :class:`Recognizer`'s, so the supervised tools,
``tools/test.py`` and ``tools/analysis/robustness.py`` apply unchanged.
"""
from typing import List, Optional

import torch
import torch.nn.functional as F

from skelact.registry import MODELS
from .recognizer import Recognizer

__all__ = ['NoiseRobustRecognizer']

_REPRESENTATIONS = ('prob', 'feature')
_GROUPINGS = ('label', 'pseudo')


@MODELS.register_module()
class NoiseRobustRecognizer(Recognizer):
    """Args:
        backbone, neck, head: as :class:`Recognizer` (a head is required).
        gamma1: weight of the instance contrastive loss (seed Table III: 1
            or 5).
        gamma2: weight of the group contrastive loss (0.3 or 1).
        sup_thresh: supervised-only epochs before the contrastive terms
            (0 or 20 in Table III; TCL 50).
        representation: ``'prob'`` or ``'feature'`` (module docstring).
        detach_clean: stop the gradient through the clean representation.
        grouping: ``'label'`` or ``'pseudo'``.
        instance_loss, group_loss: loss configs (temperature, anchors);
            default :class:`InstanceContrastiveLoss` /
            :class:`GroupContrastiveLoss` with the seed's ``exp(cos)``.
        data_preprocessor, init_cfg: as :class:`Recognizer`.
    """

    def __init__(self, backbone: dict, head: dict, neck: Optional[dict] = None,
                 gamma1: float = 1.0, gamma2: float = 0.3,
                 sup_thresh: int = 0, representation: str = 'prob',
                 detach_clean: bool = True, grouping: str = 'label',
                 instance_loss: Optional[dict] = None,
                 group_loss: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        if head is None:
            raise ValueError('NoiseRobustRecognizer: a head is required (the '
                             'cross-entropy stream and the class '
                             'probabilities)')
        if representation not in _REPRESENTATIONS:
            raise ValueError(f'NoiseRobustRecognizer: representation must be '
                             f'one of {_REPRESENTATIONS}, got '
                             f'{representation!r}')
        if grouping not in _GROUPINGS:
            raise ValueError(f'NoiseRobustRecognizer: grouping must be one of '
                             f'{_GROUPINGS}, got {grouping!r}')
        if int(sup_thresh) != sup_thresh or sup_thresh < 0:
            raise ValueError(f'NoiseRobustRecognizer: sup_thresh must be an '
                             f'integer >= 0 (epochs), got {sup_thresh!r}')
        if gamma1 < 0 or gamma2 < 0:
            raise ValueError(f'NoiseRobustRecognizer: gamma1 and gamma2 must '
                             f'be >= 0, got {gamma1}, {gamma2}')
        super().__init__(backbone=backbone, head=head, neck=neck,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.gamma1 = float(gamma1)
        self.gamma2 = float(gamma2)
        self.sup_thresh = int(sup_thresh)
        self.representation = representation
        self.detach_clean = bool(detach_clean)
        self.grouping = grouping
        self.instance_loss = MODELS.build(
            instance_loss or dict(type='InstanceContrastiveLoss'))
        self.group_loss = MODELS.build(
            group_loss or dict(type='GroupContrastiveLoss'))
        # training stage, saved with the checkpoint
        self.register_buffer('contrastive_active', torch.tensor(False))
        self.hooks_verified = False

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # a supervised checkpoint (no stage) starts supervised-only;
        # ContrastiveStageHook sets the stage again at every epoch
        state_dict.setdefault(prefix + 'contrastive_active',
                              torch.tensor(False))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def required_hooks(self) -> List[dict]:
        """The stage switch (see skelact.engine.hooks.required)."""
        return [dict(type='ContrastiveStageHook')]

    def set_contrastive(self, active: bool):
        self.contrastive_active.fill_(bool(active))

    # -- the three streams ---------------------------------------------
    @staticmethod
    def _labels(data_samples, rows: int, device) -> torch.Tensor:
        labels = torch.cat([s.gt_label for s in data_samples]).to(device)
        if rows != len(labels):
            if rows % len(labels):
                raise ValueError(f'NoiseRobustRecognizer: {rows} clips for '
                                 f'{len(labels)} samples')
            labels = labels.repeat_interleave(rows // len(labels))
        return labels

    def _represent(self, feats, logits):
        if self.representation == 'prob':
            return F.softmax(logits.float(), dim=1)
        if feats.dim() != 2:
            raise ValueError(
                "NoiseRobustRecognizer(representation='feature') needs "
                f'pooled features (N, D), got shape {tuple(feats.shape)}; add '
                "a pooling neck or use representation='prob'")
        return feats

    def loss(self, inputs, data_samples) -> dict:
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            got = f'{len(inputs)} views' if isinstance(
                inputs, (list, tuple)) else 'one input'
            raise ValueError(
                f'NoiseRobustRecognizer expects the views [clean, noisy] or '
                f'[labelled, clean, noisy], got {got}; build them with '
                'MultiView (clean pipeline, MotionScaledNoise + the same '
                'pipeline)')
        feats = self.extract_feat(inputs[0])
        logits = self.head(feats)
        labels = self._labels(data_samples, len(logits), logits.device)
        losses = dict(loss_cls=self.head.loss_module(logits, labels))
        if not bool(self.contrastive_active):
            zero = logits.new_zeros(()).float()
            return dict(losses, loss_inst=zero, loss_group=zero.clone())
        if len(inputs) == 3:
            feats = self.extract_feat(inputs[1])
            logits = self.head(feats)
        feats_n = self.extract_feat(inputs[-1])
        logits_n = self.head(feats_n)
        rep_c = self._represent(feats, logits)
        rep_n = self._represent(feats_n, logits_n)
        if self.detach_clean:
            rep_c = rep_c.detach()
        if self.grouping == 'label':
            groups_c = groups_n = labels
        else:
            groups_c = logits.detach().argmax(1)
            groups_n = logits_n.detach().argmax(1)
        losses['loss_inst'] = self.gamma1 * self.instance_loss(rep_c, rep_n)
        losses['loss_group'] = self.gamma2 * self.group_loss(
            rep_c, rep_n, groups_c, groups_n)
        return losses

    def forward(self, inputs, data_samples=None, mode: str = 'tensor'):
        if mode == 'loss':
            if self.training and not self.hooks_verified:
                raise RuntimeError(
                    'NoiseRobustRecognizer is training without a check of the '
                    'hook it needs (ContrastiveStageHook): the contrastive '
                    'terms would never switch on. Train it with '
                    'tools/train.py or a Runner whose custom_hooks list it; a '
                    'loop of your own sets the stage with '
                    'model.set_contrastive(...) and model.hooks_verified = '
                    'True')
            return self.loss(inputs, data_samples)
        return super().forward(inputs, data_samples, mode)
