"""EADM (AimCLR Algorithm 1): SimAM attention, spatial / temporal masks,
renormalisation and the absence of gradients through the masks."""
import math

import pytest
import torch

from skelact.models.necks.eadm import EADM, simam_attention


@pytest.fixture(autouse=True, scope='module')
def one_thread():
    """Tiny tensors: one thread is much faster on a shared 2-core machine."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def test_simam_attention_matches_direct_computation():
    # one sample, one channel, T=2, V=2: mean 2.5, squared deviations
    # (2.25, 0.25, 0.25, 2.25), variance 5 / 3 (T*V - 1 degrees)
    x = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
    lam = 1e-4
    var = 5.0 / 3.0
    expected = [[1 / (1 + math.exp(-(d / (4 * (var + lam)) + 0.5)))
                 for d in row] for row in ((2.25, 0.25), (0.25, 2.25))]
    att = simam_attention(x, lam)
    torch.testing.assert_close(att[0, 0], torch.tensor(expected))

    # random map, several channels: element-wise reference
    torch.manual_seed(0)
    x = torch.randn(2, 3, 4, 5)
    out = simam_attention(x, 1e-4)
    for n in range(2):
        for c in range(3):
            m = x[n, c]
            mu = m.mean()
            v = ((m - mu) ** 2).sum() / (m.numel() - 1)
            ref = torch.sigmoid((m - mu) ** 2 / (4 * (v + 1e-4)) + 0.5)
            torch.testing.assert_close(out[n, c], ref)


def reference_masks(x, keep_prob):
    """Masks from the definition, loop by loop (x: (NM, C, T, V))."""
    att = simam_attention(x)
    nm, c, t, v = x.shape
    spatial = torch.ones(nm, 1, 1, v)
    for i in range(nm):
        for j in range(v):
            if att[i, :, :, j].mean() >= keep_prob:
                spatial[i, 0, 0, j] = 0
    temporal = (att < keep_prob).float()
    return spatial, temporal


@pytest.mark.parametrize('keep_prob', [0.65, 0.7])
def test_masks_and_renormalisation(keep_prob):
    torch.manual_seed(1)
    n, m, c, t, v = 2, 2, 3, 4, 25
    x = torch.randn(n, m, c, t, v)
    x[:, :, :, :, 3] *= 6  # a joint with outlying activations: attended
    eadm = EADM(keep_prob=keep_prob)
    spatial, temporal = eadm.masks(x.reshape(n * m, c, t, v))
    ref_s, ref_t = reference_masks(x.reshape(n * m, c, t, v), keep_prob)
    assert spatial.shape == (n * m, 1, 1, v)
    assert temporal.shape == (n * m, c, t, v)
    torch.testing.assert_close(spatial, ref_s)
    torch.testing.assert_close(temporal, ref_t)
    # the example drops some but not all joints and elements
    assert 0 < spatial.sum() < spatial.numel()
    assert 0 < temporal.sum() < temporal.numel()
    assert (spatial[:, 0, 0, 3] == 0).all()

    out = eadm(x)
    assert out.shape == (n, m, c, t, v)
    flat = x.reshape(n * m, c, t, v)
    s1 = spatial.numel() / spatial.sum()
    s2 = temporal.numel() / temporal.sum()
    expected = flat * spatial * s1 * temporal * s2
    torch.testing.assert_close(out, expected.view(n, m, c, t, v))
    # dropped joints are exactly zero everywhere
    dropped = (spatial[:, 0, 0, :] == 0)
    assert (out.reshape(n * m, c, t, v).permute(0, 3, 1, 2)[dropped] == 0
            ).all()


def test_no_gradient_through_masks():
    torch.manual_seed(2)
    n, m, c, t, v = 1, 2, 3, 4, 25
    x = torch.randn(n, m, c, t, v)
    x[..., 5] *= 5
    x.requires_grad_(True)
    eadm = EADM()
    spatial, temporal = eadm.masks(x.detach().reshape(n * m, c, t, v))
    scale = spatial.numel() / spatial.sum() * temporal.numel() / \
        temporal.sum()
    out = eadm(x)
    w = torch.randn_like(out)
    (out * w).sum().backward()
    expected = (w.reshape(n * m, c, t, v) * spatial * temporal * scale
                ).view(n, m, c, t, v)
    torch.testing.assert_close(x.grad, expected)
