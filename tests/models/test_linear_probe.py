"""The fair linear probe: LinearHead(feature_norm='batchnorm') standardises
features by a non-affine BatchNorm before the layer, and the linear_probe
protocol derives it."""
import pytest
import torch

from skelact.models.heads import LinearHead


def test_feature_norm_standardises_and_has_no_parameters():
    torch.manual_seed(0)
    head = LinearHead(num_classes=3, in_channels=4, feature_norm='batchnorm')
    # only the classifier's weight and bias train; the norm has buffers
    assert sorted(n for n, _ in head.named_parameters()) == ['fc.bias',
                                                              'fc.weight']
    assert {'feature_norm.running_mean', 'feature_norm.running_var'} <= set(
        head.state_dict())
    x = torch.randn(64, 4) * torch.tensor([1e3, 1e-2, 5., 1.]) + 7.
    head.fc.weight.data = torch.eye(3, 4)
    head.fc.bias.data.zero_()
    head.train()
    out = head(x)
    # the first three logits are the standardised features themselves
    # (with MAE's eps 1e-6)
    z = (x[:, :3] - x[:, :3].mean(0)) / (
        x[:, :3].var(0, unbiased=False) + 1e-6).sqrt()
    assert torch.allclose(out, z, atol=1e-4)
    # a second batch; eval uses the cumulative average of both batches'
    # statistics (momentum=None), not a running mean biased towards 0
    x2 = torch.randn(64, 4) * torch.tensor([1e3, 1e-2, 5., 1.]) - 3.
    head(x2)
    head.eval()
    rm = (x.mean(0) + x2.mean(0)) / 2
    assert torch.allclose(head.feature_norm.running_mean, rm, rtol=1e-4)
    out = head(x)
    rv = (x.var(0, unbiased=True) + x2.var(0, unbiased=True)) / 2
    assert torch.allclose(out, ((x - rm) / (rv + 1e-6).sqrt())[:, :3],
                          rtol=1e-4,
                          atol=1e-4)


def test_default_is_the_raw_protocol_and_bad_value_refused():
    head = LinearHead(num_classes=3, in_channels=4)
    assert head.feature_norm is None
    assert set(head.state_dict()) == {'fc.weight', 'fc.bias'}
    with pytest.raises(ValueError, match="feature_norm must be one of"):
        LinearHead(num_classes=3, in_channels=4, feature_norm='layernorm')


def test_probe_is_invariant_to_the_feature_scale():
    """Trained on features x or on 1000 x + 50 (another encoder's scale),
    the probe makes the same predictions; the raw classifier does not."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(120, 8, generator=g)
    y = torch.randint(0, 3, (120,), generator=g)
    logits = {}
    for norm, lr in ((None, 0.1), ('batchnorm', 0.1)):
        for name, feats in (('x', x), ('scaled', 1e3 * x + 50.)):
            torch.manual_seed(0)
            head = LinearHead(num_classes=3, in_channels=8,
                              feature_norm=norm)
            opt = torch.optim.SGD(head.parameters(), lr=lr, momentum=0.9)
            for _ in range(30):
                loss = torch.nn.functional.cross_entropy(head(feats), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            logits[norm, name] = head(feats).detach()
    assert torch.allclose(logits['batchnorm', 'x'],
                          logits['batchnorm', 'scaled'], atol=1e-3)
    assert not torch.allclose(logits[None, 'x'], logits[None, 'scaled'],
                              atol=1.)


def test_linear_probe_protocol_derives():
    from skelact.cli.resolve import resolve_config
    cfg = resolve_config('configs/aimclr/stgcn_synthetic_xsub.py',
                         'linear_probe', checkpoint='none').cfg
    assert cfg.model.frozen_backbone
    assert cfg.model.head == dict(type='LinearHead', feature_norm='batchnorm',
                                  num_classes=10, in_channels=64)
    assert cfg.optim_wrapper.optimizer.lr == 0.1
    raw = resolve_config('configs/aimclr/stgcn_synthetic_xsub.py', 'linear',
                         checkpoint='none').cfg
    assert 'feature_norm' not in raw.model.head
    assert raw.optim_wrapper.optimizer.lr == 3.0
