"""AimCLR's paper-vs-code options: the NNM loss forms (code's mean -log p,
paper's Eq. 9), the authors' weights_init with an independently drawn key
encoder, skipping the EADM forward, the two extreme-view presets."""
import copy
import math

import pytest
import torch

import skelact.models  # noqa: F401
from skelact.models.losses.infonce import InfoNCELoss
from skelact.registry import MODELS

LOGITS = [[2.0, 0.0, 1.0, 0.0],
          [0.0, 1.0, 0.0, 3.0]]
MASK = [[1.0, 0.0, 1.0, 0.0],   # positive + queue entry 1
        [1.0, 1.0, 0.0, 1.0]]   # positive + queue entries 0 and 2


def _p(row):
    z = sum(math.exp(v) for v in row)
    return [math.exp(v) / z for v in row]


def test_nnm_loss_code_form_is_mean_of_neg_log_p():
    p0, p1 = _p(LOGITS[0]), _p(LOGITS[1])
    r0 = -(math.log(p0[0]) + math.log(p0[2])) / 2
    r1 = -(math.log(p1[0]) + math.log(p1[1]) + math.log(p1[3])) / 3
    loss = InfoNCELoss()(torch.tensor(LOGITS), torch.tensor(MASK))
    assert loss.item() == pytest.approx((r0 + r1) / 2, rel=1e-6)
    same = InfoNCELoss(multi_positive='mean_log_prob')(
        torch.tensor(LOGITS), torch.tensor(MASK))
    assert same.item() == pytest.approx(loss.item(), rel=1e-7)


def test_nnm_loss_paper_eq9_is_neg_log_of_summed_p():
    p0, p1 = _p(LOGITS[0]), _p(LOGITS[1])
    r0 = -math.log(p0[0] + p0[2])
    r1 = -math.log(p1[0] + p1[1] + p1[3])
    eq9 = InfoNCELoss(multi_positive='log_sum_prob')
    loss = eq9(torch.tensor(LOGITS), torch.tensor(MASK))
    assert loss.item() == pytest.approx((r0 + r1) / 2, rel=1e-6)
    # Eq. 9 <= the code's form (Jensen), equal with a single positive
    assert loss.item() < InfoNCELoss()(torch.tensor(LOGITS),
                                       torch.tensor(MASK)).item()
    only_pos = torch.tensor([[1.0, 0, 0, 0], [1.0, 0, 0, 0]])
    torch.testing.assert_close(eq9(torch.tensor(LOGITS), only_pos),
                               InfoNCELoss()(torch.tensor(LOGITS)))
    # gradients are finite where the mask is 0 (no -inf leaks)
    x = torch.tensor(LOGITS, requires_grad=True)
    eq9(x, torch.tensor(MASK)).backward()
    assert torch.isfinite(x.grad).all()
    with pytest.raises(ValueError, match="multi_positive must be one of"):
        InfoNCELoss(multi_positive='eq9')


def test_extreme_view_presets_named_for_what_they_are():
    import os.path as osp

    from mmengine.config import Config
    from conftest import ROOT
    views = Config.fromfile(osp.join(
        ROOT, 'configs', '_base_', 'pipelines', 'contrastive_views.py'))
    normal = ['RandomTemporalCrop', 'Shear']
    code = normal + ['SpatialFlip', 'RandomRotate', 'GaussianNoise',
                     'GaussianBlur', 'AxisMask']  # aug_method='12345'
    assert [t['type'] for t in views.normal_aug] == normal
    assert [t['type'] for t in views.extreme_aug_code] == code
    assert [t['type'] for t in views.extreme_aug_paper] == \
        code + ['TemporalFlip']  # the paper's 8
    # the AimCLR recipes use the released code's preset, and say so
    cfg = Config.fromfile(osp.join(ROOT, 'configs', 'aimclr',
                                   'stgcn_ntu60_xsub.py'))
    multiview = cfg.train_dataloader.dataset.pipeline[-2]
    assert [t['type'] for t in multiview.transforms[0]] == code
    assert cfg.model.loss.multi_positive == 'mean_log_prob'
