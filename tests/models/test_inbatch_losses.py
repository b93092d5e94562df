"""NT-Xent, SupCon and the Tuned Contrastive Loss against values computed
by hand on tiny embeddings (seed 004, Eqs. 3.2-3.4)."""
import math

import pytest
import torch

from skelact.models import NTXentLoss, SupConLoss, TunedContrastiveLoss


def _unit(*angles):
    a = torch.tensor(angles, dtype=torch.float64)
    return torch.stack([a.cos(), a.sin()], 1)


# two samples, two views each, [view_1; view_2]: sample 0 along x, sample 1
# along y, the views identical: s = 1 with the positive, 0 with the others
Z_ORTHO = _unit(0.0, math.pi / 2, 0.0, math.pi / 2)


def test_ntxent_by_hand_orthogonal():
    # each anchor: -log(e^{1/t} / (e^{1/t} + 2 e^0))
    for t in (1.0, 0.5):
        want = -math.log(math.exp(1 / t) / (math.exp(1 / t) + 2))
        got = NTXentLoss(temperature=t)(Z_ORTHO)
        assert got.item() == pytest.approx(want, rel=1e-6)


def test_ntxent_by_hand_general_two_views():
    z = _unit(0.0, 1.0, 0.3, 2.0)  # views 1: 0, 1; views 2: 0.3, 2.0
    t = 0.7
    s = z @ z.t()
    pos = {0: 2, 1: 3, 2: 0, 3: 1}
    want = 0.0
    for i in range(4):
        den = sum(math.exp(s[i, a] / t) for a in range(4) if a != i)
        want += -math.log(math.exp(s[i, pos[i]] / t) / den)
    got = NTXentLoss(temperature=t)(z, torch.tensor([0, 1, 0, 1]))
    assert got.item() == pytest.approx(want / 4, rel=1e-6)
    # the default labels are these instance ids
    assert NTXentLoss(temperature=t)(z).item() == pytest.approx(want / 4,
                                                               rel=1e-6)


def test_supcon_by_hand_two_views():
    # three samples, classes [0, 0, 1], two views: 6 anchors
    z = _unit(0.0, 0.4, 2.0, 0.2, 0.5, 2.5)
    labels = torch.tensor([0, 0, 1, 0, 0, 1])
    t = 0.5
    s = z @ z.t()
    want = 0.0
    for i in range(6):
        den = sum(math.exp(s[i, a] / t) for a in range(6) if a != i)
        ps = [p for p in range(6) if p != i and labels[p] == labels[i]]
        want += -sum(math.log(math.exp(s[i, p] / t) / den) for p in ps) \
            / len(ps)
    got = SupConLoss(temperature=t)(z, labels)
    assert got.item() == pytest.approx(want / 6, rel=1e-6)
    # with instance labels SupCon is NT-Xent
    ids = torch.tensor([0, 1, 2, 0, 1, 2])
    assert SupConLoss(t)(z, ids).item() == pytest.approx(
        NTXentLoss(t)(z).item(), rel=1e-9)


def test_tcl_by_hand_k1_term_has_no_temperature():
    # orthogonal case: D = e^{1/t} + k1 e^{-1} + k2 (e^0 + e^0)
    t, k1, k2 = 0.5, 3.0, 2.0
    den = math.exp(1 / t) + k1 * math.exp(-1.0) + k2 * 2.0
    want = -math.log(math.exp(1 / t) / den)
    got = TunedContrastiveLoss(temperature=t, k1=k1, k2=k2)(Z_ORTHO)
    assert got.item() == pytest.approx(want, rel=1e-6)
    # a tempered k1 term (e^{-1/t}) would give another value
    tempered = -math.log(math.exp(1 / t) / (
        math.exp(1 / t) + k1 * math.exp(-1 / t) + k2 * 2.0))
    assert abs(got.item() - tempered) > 1e-3


def test_tcl_by_hand_several_positives():
    z = _unit(0.0, 0.4, 2.0, 0.2, 0.5, 2.5)
    labels = torch.tensor([0, 0, 1, 0, 0, 1])
    t, k1, k2 = 0.1, 5000.0, 1.0
    s = z @ z.t()
    want = 0.0
    for i in range(6):
        ps = [p for p in range(6) if p != i and labels[p] == labels[i]]
        ns = [n for n in range(6) if labels[n] != labels[i]]
        den = sum(math.exp(s[i, p] / t) for p in ps) \
            + k1 * sum(math.exp(-s[i, p]) for p in ps) \
            + k2 * sum(math.exp(s[i, n] / t) for n in ns)
        want += -sum(math.log(math.exp(s[i, p] / t) / den) for p in ps) \
            / len(ps)
    got = TunedContrastiveLoss(t, k1, k2)(z, labels)
    assert got.item() == pytest.approx(want / 6, rel=1e-6)


def test_tcl_is_supcon_when_k1_0_k2_1():
    torch.manual_seed(0)
    z = torch.nn.functional.normalize(torch.randn(8, 5), dim=1)
    labels = torch.tensor([0, 1, 1, 2, 0, 1, 1, 2])
    tcl = TunedContrastiveLoss(temperature=0.2, k1=0.0, k2=1.0)(z, labels)
    sup = SupConLoss(temperature=0.2)(z, labels)
    assert tcl.item() == pytest.approx(sup.item(), rel=1e-6)


def test_losses_survive_small_temperature_and_bf16():
    torch.manual_seed(0)
    z = torch.nn.functional.normalize(torch.randn(16, 8), dim=1)
    for loss in (NTXentLoss(0.07), SupConLoss(0.07),
                 TunedContrastiveLoss(0.07)):
        out = loss(z.bfloat16())
        assert out.dtype == torch.float32 and torch.isfinite(out)


@pytest.mark.parametrize('kwargs,key', [
    (dict(k1=0.5), 'k1'), (dict(k2=0.0), 'k2'), (dict(k1=5000, k2=0.9), 'k2')])
def test_tcl_k_below_1_is_refused(kwargs, key):
    with pytest.raises(ValueError, match=rf'{key} must be >= 1.*model\.loss'
                                         rf'\.{key}'):
        TunedContrastiveLoss(**kwargs)


def test_supcon_without_positive_pair_is_refused():
    z = _unit(0.0, 1.0, 2.0)
    with pytest.raises(ValueError, match='no positive pair'):
        SupConLoss()(z, torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match='no positive pair'):
        TunedContrastiveLoss()(z, torch.tensor([0, 1, 2]))


def test_ntxent_needs_exactly_one_positive():
    with pytest.raises(ValueError, match='exactly one positive'):
        NTXentLoss()(Z_ORTHO, torch.tensor([0, 0, 0, 1]))
    with pytest.raises(ValueError, match='two stacked views'):
        NTXentLoss()(_unit(0.0, 1.0, 2.0))
