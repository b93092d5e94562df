"""InfoNCE, D3M and NNM (AimCLR Eq. 1, 7-8, 9) against hand computations
on tiny tensors."""
import math

import pytest
import torch

from skelact.models.algorithms.aimclr import nearest_neighbour_mask
from skelact.models.losses.d3m import D3MLoss
from skelact.models.losses.infonce import InfoNCELoss

LOGITS = [[2.0, 0.0, 1.0, 0.0],
          [0.0, 1.0, 0.0, 3.0]]


def log_softmax_row(row):
    lse = math.log(sum(math.exp(v) for v in row))
    return [v - lse for v in row]


def softmax_row(row):
    z = sum(math.exp(v) for v in row)
    return [math.exp(v) / z for v in row]


def test_infonce_without_mask_is_cross_entropy_to_column_zero():
    # row 0: -log(e^2 / (e^2 + 1 + e + 1)); row 1: -log(1 / (1 + e + 1 + e^3))
    r0 = -(2.0 - math.log(math.exp(2) + 2 + math.e))
    r1 = -(0.0 - math.log(2 + math.e + math.exp(3)))
    expected = (r0 + r1) / 2
    loss = InfoNCELoss()(torch.tensor(LOGITS))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    assert InfoNCELoss(loss_weight=0.5)(torch.tensor(LOGITS)).item() == \
        pytest.approx(0.5 * expected, rel=1e-6)


def test_infonce_with_pos_mask_eq9():
    mask = [[1.0, 0.0, 1.0, 0.0],   # positive + queue entry 1
            [1.0, 1.0, 0.0, 1.0]]   # positive + queue entries 0 and 2
    lp0, lp1 = log_softmax_row(LOGITS[0]), log_softmax_row(LOGITS[1])
    r0 = -(lp0[0] + lp0[2]) / 2
    r1 = -(lp1[0] + lp1[1] + lp1[3]) / 3
    loss = InfoNCELoss()(torch.tensor(LOGITS), torch.tensor(mask))
    assert loss.item() == pytest.approx((r0 + r1) / 2, rel=1e-6)
    # a mask with only column 0 equals the plain InfoNCE
    only_pos = torch.tensor([[1.0, 0, 0, 0], [1.0, 0, 0, 0]])
    torch.testing.assert_close(
        InfoNCELoss()(torch.tensor(LOGITS), only_pos),
        InfoNCELoss()(torch.tensor(LOGITS)))


def test_d3m_is_cross_entropy_of_target_softmax_vs_pred_log_softmax():
    pred = [[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -2.0, 0.5]]
    target = LOGITS
    expected = 0.0
    for p_row, t_row in zip(pred, target):
        tq, lp = softmax_row(t_row), log_softmax_row(p_row)
        expected += -sum(a * b for a, b in zip(tq, lp))
    expected /= 2
    loss = D3MLoss()(torch.tensor(pred), torch.tensor(target))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    assert D3MLoss(loss_weight=0.5)(torch.tensor(pred),
                                    torch.tensor(target)).item() == \
        pytest.approx(expected / 2, rel=1e-6)


def test_d3m_gradient_flows_into_pred_not_into_target():
    pred = torch.tensor([[0.5, -1.0, 2.0, 0.0]], requires_grad=True)
    target = torch.tensor([LOGITS[0]], requires_grad=True)
    D3MLoss()(pred, target).backward()
    assert target.grad is None
    # d/dpred of -sum t log softmax(pred) = softmax(pred) - t (sum t = 1)
    expected = torch.tensor([softmax_row([0.5, -1.0, 2.0, 0.0])]) - \
        torch.tensor([softmax_row(LOGITS[0])])
    torch.testing.assert_close(pred.grad, expected)


def test_nearest_neighbour_mask_union_of_top1():
    # 2 queries, queue of 5; each similarity picks its top-1 entry
    s_q = torch.tensor([[0.9, 0.1, 0.0, 0.2, 0.3],
                        [0.0, 0.1, 0.8, 0.2, 0.3]])
    s_e = torch.tensor([[0.9, 0.1, 0.0, 0.2, 0.3],     # same top-1 as s_q
                        [0.0, 0.1, 0.2, 0.7, 0.3]])
    s_ed = torch.tensor([[0.1, 0.1, 0.0, 0.2, 0.95],
                         [0.0, 0.1, 0.2, 0.25, 0.3]])
    mask = nearest_neighbour_mask([s_q, s_e, s_ed], topk=1)
    expected = torch.tensor([[1., 1., 0., 0., 0., 1.],
                             [1., 0., 0., 1., 1., 1.]])
    torch.testing.assert_close(mask, expected)
    # top-2 of a single similarity
    mask2 = nearest_neighbour_mask([s_q], topk=2)
    torch.testing.assert_close(mask2, torch.tensor(
        [[1., 1., 0., 0., 0., 1.], [1., 0., 0., 1., 0., 1.]]))
