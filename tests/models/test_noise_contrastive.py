"""The instance and group contrastive losses of the noise-robust method
(seed 002) against values computed by hand, and TCL's ``simclr_loss``
formula (CVIR/TCL main.py, re-implemented from its definition)."""
import math

import pytest
import torch

from skelact.models.losses import (GroupContrastiveLoss,
                                   InstanceContrastiveLoss,
                                   clean_noisy_contrast, group_means)

R = 1 / math.sqrt(2)
# clean o1, o2; noisy n1, n2 -- cosines: o1.n1 = R, o2.n1 = R, o1.n2 = -1,
# o2.n2 = 0, o1.o2 = 0, n1.n2 = -R
CLEAN = torch.tensor([[1., 0.], [0., 3.]])   # lengths do not matter
NOISY = torch.tensor([[2., 2.], [-1., 0.]])


def _by_hand(t, symmetric):
    e = lambda c: math.exp(c / t)   # noqa: E731
    terms = [
        # anchor o1: positive n1; negatives n2, o2
        -math.log(e(R) / (e(R) + e(-1) + e(0))),
        # anchor o2: positive n2; negatives n1, o1
        -math.log(e(0) / (e(R) + e(0) + e(0))),
    ]
    if symmetric:
        terms += [
            # anchor n1: positive o1; negatives o2, n2
            -math.log(e(R) / (e(R) + e(R) + e(-R))),
            # anchor n2: positive o2; negatives o1, n1
            -math.log(e(0) / (e(-1) + e(0) + e(-R))),
        ]
    return sum(terms) / len(terms)


@pytest.mark.parametrize('t', [1.0, 0.5])
@pytest.mark.parametrize('symmetric', [False, True])
def test_instance_loss_by_hand(t, symmetric):
    loss = InstanceContrastiveLoss(temperature=t, symmetric=symmetric,
                                   loss_weight=2.0)(CLEAN, NOISY)
    assert loss.item() == pytest.approx(2 * _by_hand(t, symmetric), rel=1e-5)


def _tcl_simclr(fast, slow, t):
    """TCL's simclr_loss from its definition: 2N anchors, cosine / T,
    denominator = row sum minus exp(1 / T) for the anchor itself."""
    out = torch.cat([fast, slow]).double()
    norm = out.norm(dim=1)
    sim = torch.exp(out @ out.t() / (norm[:, None] * norm[None]) / t)
    match = torch.exp((fast * slow).sum(-1).double() /
                      (fast.norm(dim=1) * slow.norm(dim=1)).double() / t)
    match = torch.cat([match, match])
    return (-torch.log(match / (sim.sum(-1) - math.exp(1 / t)))).mean()


def test_symmetric_instance_loss_is_tcls():
    g = torch.Generator().manual_seed(0)
    fast = torch.softmax(torch.randn(6, 5, generator=g), 1)
    slow = torch.softmax(torch.randn(6, 5, generator=g), 1)
    ours = clean_noisy_contrast(fast, slow, temperature=0.5, symmetric=True)
    assert ours.item() == pytest.approx(_tcl_simclr(fast, slow, 0.5).item(),
                                        rel=1e-5)


def test_single_pair_has_no_negatives():
    x = torch.tensor([[1., 2.]])
    assert clean_noisy_contrast(x, -x).item() == pytest.approx(0.0)


def test_group_means_by_hand():
    reps = torch.tensor([[1., 0.], [3., 2.], [0., 4.], [5., 5.]])
    ids, means = group_means(reps, torch.tensor([7, 7, 2, 7]))
    assert ids.tolist() == [2, 7]
    assert torch.allclose(means, torch.tensor([[0., 4.], [3., 7 / 3]]))


def test_group_loss_by_hand():
    # classes 0, 0, 1: G_o^0 = mean(c1, c2) = (1, 0); G_o^1 = (0, 1);
    # G_n^0 = mean(n1, n2) = (1, 1); G_n^1 = (1, 0)
    clean = torch.tensor([[2., 1.], [0., -1.], [0., 1.]])
    noisy = torch.tensor([[1., 2.], [1., 0.], [1., 0.]])
    labels = torch.tensor([0, 0, 1])
    loss = GroupContrastiveLoss(loss_weight=0.3)(clean, noisy, labels)
    e = math.exp
    # anchor G_o^0: positive G_n^0 (cos R); negatives G_n^1 (cos 1),
    # G_o^1 (cos 0); anchor G_o^1: positive G_n^1 (cos 0); negatives
    # G_n^0 (cos R), G_o^0 (cos 0)
    hand = (-math.log(e(R) / (e(R) + e(1) + e(0))) -
            math.log(e(0) / (e(0) + e(R) + e(0)))) / 2
    assert loss.item() == pytest.approx(0.3 * hand, rel=1e-5)


def test_group_loss_pseudo_labels_use_the_common_groups():
    clean = torch.tensor([[1., 0.], [0., 1.], [1., 1.]])
    noisy = torch.tensor([[1., 0.], [0., 1.], [1., -1.]])
    loss_fn = GroupContrastiveLoss()
    # clean pathway groups {0, 1}, noisy {1, 2}: only group 1 is common ->
    # one pair, no negatives -> 0
    assert loss_fn(clean, noisy, torch.tensor([0, 1, 0]),
                   torch.tensor([2, 1, 2])).item() == pytest.approx(0.0)
    # no common group -> 0 as well
    assert loss_fn(clean, noisy, torch.tensor([0, 0, 0]),
                   torch.tensor([1, 1, 1])).item() == 0.0
    # common groups {0, 1}: the loss of the two group means
    got = loss_fn(clean, noisy, torch.tensor([0, 1, 1]),
                  torch.tensor([0, 0, 1]))
    want = clean_noisy_contrast(torch.tensor([[1., 0.], [.5, 1.]]),
                                torch.tensor([[.5, .5], [1., -1.]]))
    assert got.item() == pytest.approx(want.item(), rel=1e-6)


def test_bad_shapes_are_named():
    with pytest.raises(ValueError, match='same shape'):
        InstanceContrastiveLoss()(torch.ones(3, 2), torch.ones(2, 2))
    with pytest.raises(ValueError, match='group ids'):
        GroupContrastiveLoss()(torch.ones(3, 2), torch.ones(3, 2),
                               torch.zeros(2, dtype=torch.long))
    with pytest.raises(ValueError, match='temperature'):
        InstanceContrastiveLoss(temperature=0)
