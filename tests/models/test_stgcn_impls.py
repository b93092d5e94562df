"""The ST-GCN formulations of skelact.models.layers.stgcn_ops compute the
same function of the same parameters (outputs and gradients), keep the
checkpoint keys, and '--amp' declines bf16 on a CPU without native bf16."""
import warnings

import pytest
import torch
from mmengine.config import Config

from skelact.cli.precision import configure_precision
from skelact.models.backbones.stgcn import STGCN
from skelact.models.layers.stgcn_impl import (DEFAULT_STGCN_IMPLS,
                                              resolve_stgcn_impls)
from skelact.models.layers.stgcn_ops import (GCN_IMPLS, TCN_IMPLS,
                                             graph_conv, temporal_conv)
from skelact.utils.cpu_features import CPU_KINDS, cpu_kind, native_bf16


def _grads(model, x):
    out = model(x)
    grads = torch.autograd.grad(out.square().mean(), list(model.parameters()))
    return out, grads


def test_every_formulation_is_the_same_function():
    torch.manual_seed(0)
    ref = STGCN(hidden_channels=4, hidden_dim=16, gcn_impl='einsum',
                tcn_impl='conv').train()
    x = torch.randn(2, 2, 12, 25, 3)
    out0, g0 = _grads(ref, x)
    scale = max(g.abs().max() for g in g0)
    pairs = {(g, 'conv') for g in GCN_IMPLS} | \
        {('einsum', t) for t in TCN_IMPLS} | {resolve_stgcn_impls()}
    for gcn, tcn in sorted(pairs):
        model = STGCN(hidden_channels=4, hidden_dim=16, gcn_impl=gcn,
                      tcn_impl=tcn).train()
        assert list(model.state_dict()) == list(ref.state_dict())
        model.load_state_dict(ref.state_dict())
        out, grads = _grads(model, x)
        assert out.shape == (2, 2, 16, 3, 25)
        torch.testing.assert_close(out, out0, atol=1e-4, rtol=1e-4)
        for a, b in zip(grads, g0):  # relative to the largest gradient
            assert (a - b).abs().max() < 1e-4 * scale, (gcn, tcn)


def test_ops_on_strided_biased_layers():
    torch.manual_seed(1)
    x = torch.randn(3, 5, 11, 7)
    conv = torch.nn.Conv2d(5, 6, (9, 1), (2, 1), (4, 0))
    ref = conv(x)
    for impl in TCN_IMPLS:
        out = temporal_conv(x, conv, impl)
        assert out.is_contiguous()
        torch.testing.assert_close(out, ref, atol=1e-5, rtol=1e-5)
    A = torch.rand(3, 7, 7)
    gconv = torch.nn.Conv2d(5, 3 * 8, 1)
    ref = torch.einsum('nkctv,kvw->nctw',
                       gconv(x).view(3, 3, 8, 11, 7), A)
    for impl in GCN_IMPLS:
        torch.testing.assert_close(graph_conv(x, gconv, A, impl), ref,
                                   atol=1e-5, rtol=1e-5)


def test_unknown_impl_names_the_choices():
    with pytest.raises(ValueError, match='gcn_impl'):
        resolve_stgcn_impls('fast', 'conv')
    with pytest.raises(ValueError, match='tcn_impl'):
        STGCN(hidden_channels=4, hidden_dim=8, tcn_impl='im2col')
    assert set(DEFAULT_STGCN_IMPLS) == set(CPU_KINDS)
    gcn, tcn = resolve_stgcn_impls()
    assert gcn in GCN_IMPLS and tcn in TCN_IMPLS


def test_cpu_kind_from_flags():
    assert cpu_kind({'avx2', 'fma'}) == 'avx2'
    assert cpu_kind({'avx2', 'avx512f', 'avx512_bf16'}) == 'avx512_bf16'
    assert cpu_kind({'avx512f', 'amx_bf16', 'amx_tile'}) == 'amx'
    assert cpu_kind({'avx512f'}) == 'avx512'
    assert not native_bf16({'avx2'}) and native_bf16({'amx_bf16'})


def _cfg():
    return Config(dict(optim_wrapper=dict(optimizer=dict(type='SGD',
                                                         lr=0.1))))


def test_amp_declines_bf16_without_native_units(monkeypatch):
    import skelact.cli.precision as precision
    monkeypatch.delenv('SKELACT_AMP_FORCE', raising=False)
    report = dict(kind='avx2', native_bf16=False, torch_capability='AVX2',
                  onednn_bf16=False)
    monkeypatch.setattr(precision, 'cpu_report', lambda: report)
    cfg = _cfg()
    with pytest.warns(UserWarning, match='no native bf16'):
        line = configure_precision(cfg, True, cuda=False)
    assert 'fp32' in line and 'avx2' in line
    assert cfg.optim_wrapper.get('type') is None
    cfg = _cfg()
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        line = configure_precision(cfg, True, force=True, cuda=False)
    assert cfg.optim_wrapper.type == 'CPUAutocastOptimWrapper'
    assert 'forced' in line and 'bfloat16' in line
    monkeypatch.setenv('SKELACT_AMP_FORCE', '1')
    cfg = _cfg()
    configure_precision(cfg, True, cuda=False)
    assert cfg.optim_wrapper.type == 'CPUAutocastOptimWrapper'
    report.update(kind='amx', native_bf16=True)
    monkeypatch.delenv('SKELACT_AMP_FORCE')
    cfg = _cfg()
    assert 'bfloat16 autocast on CPU kind amx' in configure_precision(
        cfg, True, cuda=False)
    cfg = _cfg()
    line = configure_precision(cfg, True, cuda=True)
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    assert cfg.optim_wrapper.loss_scale == 'dynamic' and 'float16' in line
    cfg = _cfg()
    configure_precision(cfg, True, dtype='bfloat16', cuda=True)
    assert cfg.optim_wrapper.dtype == 'bfloat16'
    assert 'loss_scale' not in cfg.optim_wrapper
    assert configure_precision(_cfg(), False, cuda=False).startswith(
        'precision: fp32')
