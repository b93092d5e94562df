"""AimCLR: extreme augmentations, EADM, D3M and NNM (Guo et al., AAAI
2022) on top of SkeletonCLR."""
from typing import List, Optional

import torch
import torch.nn.functional as F

from skelact.registry import MODELS
from .skeletonclr import SkeletonCLR

__all__ = ['AimCLR', 'nearest_neighbour_mask', 'AUTHORS_WEIGHTS_INIT']

# The authors' ``weights_init`` (CrosSCLR / AimCLR / HiCLR
# ``processor/pretrain.py``) as an mmengine ``init_cfg``: Conv / Linear
# weights N(0, 0.02), bias 0; BatchNorm weight N(1, 0.02), bias 0.
AUTHORS_WEIGHTS_INIT = [
    dict(type='Normal', layer=['Conv1d', 'Conv2d', 'Linear'], mean=0.0,
         std=0.02, bias=0.0),
    dict(type='Normal', layer=['BatchNorm1d', 'BatchNorm2d'], mean=1.0,
         std=0.02, bias=0.0),
]


def nearest_neighbour_mask(similarities, topk: int = 1) -> torch.Tensor:
    """NNM (AimCLR Eq. 9): mark the ``topk`` most similar queue entries of
    each query in any of ``similarities`` (a list of (N, K) tensors) and
    prepend the true positive. Returns a float mask (N, 1 + K)."""
    mask = torch.zeros_like(similarities[0])
    for sim in similarities:
        mask.scatter_(1, sim.topk(topk, dim=1).indices, 1)
    return torch.cat([mask.new_ones(mask.shape[0], 1), mask], dim=1)


@MODELS.register_module()
class AimCLR(SkeletonCLR):
    """AimCLR.

    ``inputs`` of the ``loss`` mode: ``[extreme, query, key]`` -- the order
    of the authors' ``Feeder_triple`` and ``model(im_q_extreme, im_q,
    im_k)``. The extreme view passes the query encoder twice, once plain
    and once with EADM on the backbone's feature map; both distributions
    over [positive, queue] are pulled to the normal query's (D3M). From
    the 0-based epoch ``mining_epoch`` on (:class:`NNMSwitchHook`) the
    InfoNCE term counts the ``topk`` nearest queue neighbours of the three
    queries as positives, in the form ``loss`` names
    (``InfoNCELoss(multi_positive=...)``: the code's mean ``-log p``, or
    the paper's Eq. 9).

    Total loss (AimCLR Eq. 10 with the code's weights):
    ``L_info + alpha L_d3m(extreme) + beta L_d3m(extreme, dropped)``,
    ``alpha = beta = 1/2``.

    Args:
        eadm: config of the drop module (``EADM``).
        d3m_loss: config of the D3M loss.
        alpha, beta: weights of the two D3M terms.
        nnm_topk: k of NNM (1).
        key_encoder_init: ``'copy'`` (default; MoCo): after
            initialisation the key encoder is a copy of the query encoder;
            ``'independent'`` (the authors' code, which applies
            ``weights_init`` to the whole model after the copy): the
            ``init_cfg`` draws the key encoder separately, so the two start
            from different random weights. Use it with an ``init_cfg``
            such as :data:`AUTHORS_WEIGHTS_INIT`.
        skip_unweighted_eadm: when ``beta`` is 0, skip the EADM branch
            (no forward, and its queries leave NNM's positive set): the
            "without EADM" ablation of Table 1. ``False`` (default)
            computes it anyway, as before.
        mining_epoch: the number of epochs trained with L1 before NNM
            (neighbours as positives) starts: NNM runs in every epoch whose
            0-based index is at least it (150: from the 151st epoch, as the
            paper and the authors' code); ``None`` keeps NNM off (no
            :class:`NNMSwitchHook` needed).
        **kwargs: see :class:`SkeletonCLR`.
    """

    def __init__(self, eadm: Optional[dict] = None,
                 d3m_loss: Optional[dict] = None, alpha: float = 0.5,
                 beta: float = 0.5, nnm_topk: int = 1,
                 mining_epoch: Optional[int] = 150,
                 key_encoder_init: str = 'copy',
                 skip_unweighted_eadm: bool = False, **kwargs):
        super().__init__(**kwargs)
        if key_encoder_init not in ('copy', 'independent'):
            raise ValueError(f"AimCLR: key_encoder_init must be 'copy' or "
                             f"'independent', got {key_encoder_init!r}")
        self.key_encoder_init = key_encoder_init
        self.skip_unweighted_eadm = bool(skip_unweighted_eadm)
        self.eadm = MODELS.build(eadm or dict(type='EADM'))
        self.d3m_loss = MODELS.build(d3m_loss or dict(type='D3MLoss'))
        self.alpha = alpha
        self.beta = beta
        self.nnm_topk = nnm_topk
        self.mining_epoch = mining_epoch
        # training stage, saved with the checkpoint
        self.register_buffer('nnm_active', torch.tensor(False))

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # checkpoints without a training stage (SkeletonCLR's, the authors'
        # converted files) start in the first stage; NNMSwitchHook sets the
        # stage again at every epoch
        state_dict.setdefault(prefix + 'nnm_active', torch.tensor(False))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def required_hooks(self) -> List[dict]:
        """SkeletonCLR's hooks and, with NNM, the stage switch."""
        hooks = super().required_hooks()
        if self.mining_epoch is not None:
            hooks.append(dict(type='NNMSwitchHook'))
        return hooks

    def init_weights(self):
        """``init_cfg`` over the whole model; with ``key_encoder_init=
        'copy'`` the key encoder is then set to the query encoder."""
        if self.key_encoder_init == 'copy':
            return super().init_weights()
        return super(SkeletonCLR, self).init_weights()  # no copy

    @property
    def uses_eadm(self) -> bool:
        """Whether ``loss`` runs the EADM branch."""
        return not (self.skip_unweighted_eadm and self.beta == 0)

    def set_nnm(self, active: bool):
        self.nnm_active.fill_(bool(active))

    def _embed(self, feature_map):
        return F.normalize(self.projector(self.neck(feature_map)), dim=1)

    def loss(self, inputs: List[torch.Tensor], data_samples=None) -> dict:
        if len(inputs) != 3:
            raise ValueError(
                f'AimCLR expects 3 views [extreme, query, key], got '
                f'{len(inputs)}; check the MultiView pipeline')
        x_e, x_q, x_k = inputs
        q = self.encode_query(x_q)
        fmap_e = self.backbone(x_e)
        q_e = self._embed(fmap_e)
        k = self.encode_key(x_k)

        logits, l_neg = self.contrast(q, k)
        logits_e, l_neg_e = self.contrast(q_e, k)
        negatives = [l_neg, l_neg_e]
        loss_d3m = self.alpha * self.d3m_loss(logits_e, logits)
        if self.uses_eadm:
            q_ed = self._embed(self.eadm(fmap_e))
            logits_ed, l_neg_ed = self.contrast(q_ed, k)
            negatives.append(l_neg_ed)
            loss_d3m = loss_d3m + self.beta * self.d3m_loss(logits_ed, logits)
        pos_mask = None
        if bool(self.nnm_active):
            with torch.no_grad():
                pos_mask = nearest_neighbour_mask(negatives, self.nnm_topk)
        self._pending_keys = k
        return dict(loss_info=self.loss_module(logits, pos_mask),
                    loss_d3m=loss_d3m)
