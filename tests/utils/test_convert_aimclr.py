"""The CrosSCLR / SkeletonCLR / AimCLR checkpoint converter.

A minimal re-implementation of the authors' ST-GCN ``Model`` (the key
layout of Levigty/AimCLR ``net/st_gcn.py``, ``net/utils/tgcn.py`` and
``net/aimclr.py``: input (N, C, T, V, M), ``data_bn`` over V*C,
``st_gcn_networks.{i}.gcn.conv``, ``.tcn.{0..4}``, ``.residual.{0,1}``,
``edge_importance`` (ParameterList or ``edge_importance{i+1}``), a buffer
``A``, and ``fc``) builds checkpoints in their exact layout and shapes;
the converted checkpoint must load strictly into skelact's models and give
the same outputs on the same input.
"""
import os
import os.path as osp
import re
import subprocess
import sys

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import skelact.models  # noqa: F401
from skelact.models.layers.graph import Graph
from skelact.registry import MODELS
from skelact.utils.checkpoint import convert_file
from skelact.utils.converters import convert_checkpoint, detect_source

from conftest import ROOT

HIDDEN, DIM, FEAT, NUM_CLASS, K = 16, 256, 128, 7, 64


@pytest.fixture(autouse=True, scope='module')
def one_thread():
    """Tiny tensors: one thread is much faster on a shared 2-core machine."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


# -- the authors' layout, re-implemented ---------------------------------
class RefGraphConv(nn.Module):
    """``ConvTemporalGraphical``: one 1x1 conv giving K * C' channels,
    then a sum over the K adjacency subsets."""

    def __init__(self, cin, cout, subsets):
        super().__init__()
        self.subsets = subsets
        self.conv = nn.Conv2d(cin, cout * subsets, kernel_size=(1, 1))

    def forward(self, x, A):
        y = self.conv(x)
        n, kc, t, v = y.shape
        y = y.view(n, self.subsets, kc // self.subsets, t, v)
        return torch.einsum('nkctv,kvw->nctw', y, A).contiguous()


class RefBlock(nn.Module):
    """``st_gcn``: gcn, tcn = (BN, ReLU, conv (9, 1), BN, Dropout), a
    residual that is nothing, the identity, or (conv 1x1, BN)."""

    def __init__(self, cin, cout, subsets, stride=1, residual=True):
        super().__init__()
        self.gcn = RefGraphConv(cin, cout, subsets)
        self.tcn = nn.Sequential(
            nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, (9, 1), (stride, 1), (4, 0)),
            nn.BatchNorm2d(cout), nn.Dropout(0.0))
        if not residual:
            self.kind = 'none'
        elif cin == cout and stride == 1:
            self.kind = 'identity'
        else:
            self.kind = 'conv'
            self.residual = nn.Sequential(
                nn.Conv2d(cin, cout, 1, (stride, 1)), nn.BatchNorm2d(cout))

    def forward(self, x, A):
        if self.kind == 'none':
            res = 0
        elif self.kind == 'identity':
            res = x
        else:
            res = self.residual(x)
        return F.relu(self.tcn(self.gcn(x, A)) + res)


def ref_simam_drop(x, keep_prob=0.7, lam=1e-4):
    """The authors' ``Simam_Drop`` on (NM, C, T, V), restated."""
    nm, c, t, v = x.shape
    dev = (x - x.mean(dim=(2, 3), keepdim=True)) ** 2
    att = torch.sigmoid(
        dev / (4 * (dev.sum(dim=(2, 3), keepdim=True) / (t * v - 1) + lam))
        + 0.5)
    joint = (att.mean(dim=(1, 2)) < keep_prob).float()      # (NM, V)
    y = x * joint.view(nm, 1, 1, v) * joint.numel() / joint.sum()
    # the temporal mask in their (NM, C*V, T) arrangement
    elem = (att.permute(0, 1, 3, 2).reshape(nm, c * v, t) < keep_prob
            ).float()
    y1 = y.permute(0, 1, 3, 2).reshape(nm, c * v, t)
    y1 = y1 * elem * elem.numel() / elem.sum()
    return y1.view(nm, c, v, t).permute(0, 1, 3, 2)


class RefModel(nn.Module):
    """The authors' ST-GCN ``Model`` (input (N, C, T, V, M))."""

    def __init__(self, num_class, mlp=False, numbered_edges=False,
                 in_channels=3, hidden=HIDDEN, dim=DIM):
        super().__init__()
        A = torch.tensor(Graph('nturgb+d', 'spatial').A, dtype=torch.float32)
        self.register_buffer('A', A)
        k, v = A.shape[:2]
        self.data_bn = nn.BatchNorm1d(in_channels * v)
        h = hidden
        spec = [(in_channels, h, 1, False), (h, h, 1, True), (h, h, 1, True),
                (h, h, 1, True), (h, 2 * h, 2, True), (2 * h, 2 * h, 1, True),
                (2 * h, 2 * h, 1, True), (2 * h, 4 * h, 2, True),
                (4 * h, 4 * h, 1, True), (4 * h, dim, 1, True)]
        self.st_gcn_networks = nn.ModuleList(
            RefBlock(a, b, k, s, r) for a, b, s, r in spec)
        if mlp:
            self.fc = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(),
                                    nn.Linear(dim, num_class))
        else:
            self.fc = nn.Linear(dim, num_class)
        self.numbered_edges = numbered_edges
        if numbered_edges:
            for i in range(len(spec)):
                setattr(self, f'edge_importance{i + 1}',
                        nn.Parameter(torch.ones_like(A)))
        else:
            self.edge_importance = nn.ParameterList(
                nn.Parameter(torch.ones_like(A)) for _ in spec)

    def importances(self):
        if self.numbered_edges:
            return [getattr(self, f'edge_importance{i + 1}')
                    for i in range(len(self.st_gcn_networks))]
        return list(self.edge_importance)

    def features(self, x):
        n, c, t, v, m = x.shape
        x = x.permute(0, 4, 3, 1, 2).contiguous().view(n * m, v * c, t)
        x = self.data_bn(x)
        x = x.view(n, m, v, c, t).permute(0, 1, 3, 4, 2).contiguous()
        x = x.view(n * m, c, t, v)
        for block, imp in zip(self.st_gcn_networks, self.importances()):
            x = block(x, self.A * imp)
        return x

    def head(self, x, n, m):
        x = F.avg_pool2d(x, x.shape[2:]).view(n, m, -1).mean(dim=1)
        return self.fc(x)

    def forward(self, x, drop=False):
        n, m = x.shape[0], x.shape[-1]
        f = self.features(x)
        if drop:
            return self.head(f, n, m), self.head(ref_simam_drop(f), n, m)
        return self.head(f, n, m)


def randomise(module, seed):
    """Non-trivial values everywhere (BN statistics included), so that a
    wrong mapping or permutation shows in the outputs."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in list(module.named_parameters()) + \
                list(module.named_buffers()):
            if name == 'A' or name.endswith('num_batches_tracked'):
                continue
            if name.endswith('running_var'):
                t.copy_(torch.rand(t.shape, generator=g) + 0.5)
            elif 'edge_importance' in name:
                t.copy_(torch.rand(t.shape, generator=g) + 0.5)
            elif name.endswith('running_mean') or t.dim() == 1:
                t.copy_(0.2 * torch.randn(t.shape, generator=g) +
                        (1.0 if name.endswith('weight') else 0.0))
            else:
                fan_in = t[0].numel()
                t.copy_(torch.randn(t.shape, generator=g) / fan_in ** 0.5)
        for name, t in module.named_buffers():
            if name.endswith('num_batches_tracked'):
                t.fill_(int(torch.randint(1, 1000, (1,), generator=g)))
    return module


def pretrain_ckpt(numbered_edges=False):
    enc_q = randomise(RefModel(FEAT, mlp=True,
                               numbered_edges=numbered_edges), 1)
    enc_k = randomise(RefModel(FEAT, mlp=True,
                               numbered_edges=numbered_edges), 2)
    state = {f'encoder_q.{k}': v for k, v in enc_q.state_dict().items()}
    state.update({f'encoder_k.{k}': v for k, v in enc_k.state_dict().items()})
    g = torch.Generator().manual_seed(3)
    state['queue'] = F.normalize(torch.randn(FEAT, K, generator=g), dim=0)
    state['queue_ptr'] = torch.tensor([24], dtype=torch.long)
    return state, enc_q.eval(), enc_k.eval()


def linear_ckpt(numbered_edges=False):
    enc = randomise(RefModel(NUM_CLASS, numbered_edges=numbered_edges), 4)
    return {f'encoder_q.{k}': v for k, v in enc.state_dict().items()}, \
        enc.eval()


def backbone_cfg():
    return dict(type='STGCN', in_channels=3, hidden_channels=HIDDEN,
                hidden_dim=DIM, graph_cfg=dict(layout='nturgb+d',
                                               strategy='spatial'))


def build_aimclr():
    return MODELS.build(dict(
        type='AimCLR', backbone=backbone_cfg(),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=DIM,
                       hidden_channels=DIM, out_channels=FEAT),
        eadm=dict(type='EADM', keep_prob=0.7, e_lambda=1e-4),
        queue_size=K, feature_dim=FEAT))


def build_recognizer():
    return MODELS.build(dict(
        type='Recognizer', frozen_backbone=True, backbone=backbone_cfg(),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearHead', num_classes=NUM_CLASS, in_channels=DIM)))


def authors_input(seed=5):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(2, 3, 12, 25, 2, generator=g)   # (N, C, T, V, M)
    return x, x.permute(0, 4, 2, 3, 1).contiguous()   # (N, M, T, V, C)


def expected_name(src):
    """The mapping, spelled out independently of the converter."""
    enc, rest = src.split('.', 1)
    prefix = '' if enc == 'encoder_q' else 'momentum_encoder.'
    m = re.match(r'^edge_importance\.?(\d+)$', rest)
    if m:
        i = int(m.group(1)) - (0 if '.' in rest else 1)
        return f'{prefix}backbone.edge_importance.{i}'
    if rest.startswith('st_gcn_networks.'):
        return prefix + 'backbone.blocks.' + rest[len('st_gcn_networks.'):]
    if rest.startswith('data_bn.'):
        return prefix + 'backbone.' + rest
    if rest.startswith('fc.') and rest[3] in '02':
        return prefix + 'projector.' + rest[3:]
    if rest.startswith('fc.'):
        return 'head.' + rest
    raise AssertionError(src)


def check_lossless(src, out):
    conv = out['state_dict']
    mapped = set()
    for key, value in src.items():
        if key.endswith('.A'):
            assert key in out['meta']['dropped']
            continue
        if key == 'queue':
            assert torch.equal(conv['queue'], value.t())
            mapped.add('queue')
            continue
        if key == 'queue_ptr':
            assert torch.equal(conv['queue_ptr'], value)
            mapped.add('queue_ptr')
            continue
        new = expected_name(key)
        assert new in conv, f'{key} -> {new} missing'
        assert torch.equal(conv[new], value), key
        mapped.add(new)
    assert set(conv) == mapped  # nothing invented


def load_aimclr_strict(state):
    """Load a converted pretraining state into AimCLR with
    ``strict=True``."""
    model = build_aimclr()
    model.load_state_dict(state, strict=True)
    return model.eval()


def load_aimclr_lenient(state):
    """The same; the training-stage buffer ``nnm_active``, which an
    authors' checkpoint cannot carry, defaults to the first stage."""
    model = build_aimclr()
    res = model.load_state_dict(state, strict=False)
    assert res.unexpected_keys == [] and res.missing_keys == []
    assert not bool(model.nnm_active)
    return model.eval()


# -- (a) + (b): pretraining checkpoint -------------------------------------
@pytest.mark.parametrize('numbered_edges', [False, True],
                         ids=['edge_importance.i', 'edge_importance{i+1}'])
def test_pretrain_checkpoint_lossless_and_same_outputs(numbered_edges):
    src, enc_q, enc_k = pretrain_ckpt(numbered_edges)
    out = convert_checkpoint(src, source='aimclr')
    check_lossless(src, out)
    assert out['meta']['kind'] == 'pretrain'
    assert set(out['meta']['dropped']) == {'encoder_q.A', 'encoder_k.A'}
    model = load_aimclr_lenient(out['state_dict'])
    assert int(model.queue_ptr) == 24
    x_ref, x = authors_input()
    with torch.no_grad():
        ours_q = model.projector(model.neck(model.backbone(x)))
        enc = model.momentum_encoder
        ours_k = enc.projector(enc.neck(enc.backbone(x)))
        ref_q, ref_qd = enc_q(x_ref, drop=True)
        ref_k = enc_k(x_ref)
        ours_qd = model.projector(model.neck(model.eadm(model.backbone(x))))
        # the query / key embeddings and the logits over [k, queue]
        logits, _ = model.contrast(model.encode_query(x),
                                   model.encode_key(x))
        q, k = F.normalize(ref_q, dim=1), F.normalize(ref_k, dim=1)
        ref_logits = torch.cat([(q * k).sum(1, keepdim=True),
                                q @ src['queue']], 1) / 0.07
    assert not torch.allclose(ref_q, ref_k)
    tol = dict(rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(ours_q, ref_q, **tol)
    torch.testing.assert_close(ours_k, ref_k, **tol)
    torch.testing.assert_close(ours_qd, ref_qd, **tol)  # EADM = Simam_Drop
    assert not torch.allclose(ours_qd, ours_q, **tol)  # EADM dropped some
    torch.testing.assert_close(logits, ref_logits, rtol=1e-4, atol=1e-3)


def test_pretrain_checkpoint_loads_strictly_into_aimclr():
    src, _, _ = pretrain_ckpt()
    state = convert_checkpoint(src)['state_dict']
    missing = build_aimclr().load_state_dict(state, strict=False).missing_keys
    assert missing == [], missing
    load_aimclr_strict(state)


def test_pretrain_checkpoint_loads_strictly_into_skeletonclr():
    src, enc_q, _ = pretrain_ckpt()
    model = MODELS.build(dict(
        type='SkeletonCLR', backbone=backbone_cfg(),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=DIM,
                       hidden_channels=DIM, out_channels=FEAT),
        queue_size=K, feature_dim=FEAT))
    model.load_state_dict(convert_checkpoint(src)['state_dict'], strict=True)
    model.eval()
    x_ref, x = authors_input(7)
    with torch.no_grad():
        torch.testing.assert_close(
            model.projector(model.neck(model.backbone(x))), enc_q(x_ref),
            rtol=1e-4, atol=1e-5)


# -- (a) + (b): linear-evaluation checkpoint -------------------------------
@pytest.mark.parametrize('numbered_edges', [False, True],
                         ids=['edge_importance.i', 'edge_importance{i+1}'])
def test_linear_checkpoint_lossless_and_same_logits(numbered_edges):
    src, enc = linear_ckpt(numbered_edges)
    out = convert_checkpoint(src)
    check_lossless(src, out)
    assert out['meta']['kind'] == 'linear'
    model = build_recognizer()
    model.load_state_dict(out['state_dict'], strict=True)
    model.eval()
    x_ref, x = authors_input()
    with torch.no_grad():
        ref = enc(x_ref)
        ours = model(x, mode='tensor')
    assert ours.shape == (2, NUM_CLASS)
    torch.testing.assert_close(ours, ref, rtol=1e-4, atol=1e-5)


def test_dataparallel_prefix_and_wrapped_dicts():
    src, _ = linear_ckpt()
    plain = convert_checkpoint(src)['state_dict']
    for ckpt, source in (({f'module.{k}': v for k, v in src.items()},
                          'aimclr'),
                         (dict(state_dict=src), None),
                         (dict(model=src), None)):
        out = convert_checkpoint(ckpt, source=source)['state_dict']
        assert out.keys() == plain.keys()
        assert all(torch.equal(out[k], plain[k]) for k in plain)


def test_autodetection_with_dataparallel_prefix():
    src, _ = linear_ckpt()
    assert detect_source({f'module.{k}': v for k, v in src.items()}) == \
        'aimclr'


# -- (d): detection and errors --------------------------------------------
def test_autodetection_and_clear_errors():
    src, _ = linear_ckpt()
    assert detect_source(src) == 'aimclr'
    assert convert_checkpoint(src)['meta']['source'] == 'aimclr'
    other = {'model': {'conv1.weight': torch.zeros(2, 3, 1, 1),
                       'fc.weight': torch.zeros(2, 2)}}
    with pytest.raises(ValueError, match='cannot tell the checkpoint source'):
        convert_checkpoint(other)
    with pytest.raises(KeyError, match='aimclr'):
        convert_checkpoint(other, source='aimclr')
    with pytest.raises(KeyError, match='unknown checkpoint source'):
        convert_checkpoint(src, source='no-such-source')
    # a graph other than NTU's is refused, naming the key
    bad = dict(src)
    bad['encoder_q.A'] = bad['encoder_q.A'] * 2
    with pytest.raises(ValueError, match='encoder_q.A'):
        convert_checkpoint(bad)
    # an unknown encoder parameter is not dropped silently
    extra = dict(src)
    extra['encoder_q.mystery.weight'] = torch.zeros(1)
    with pytest.raises(KeyError, match='mystery'):
        convert_checkpoint(extra)


# -- the file converter and the command line -------------------------------
def test_convert_ckpt_command_line(tmp_path):
    src, enc_q, enc_k = pretrain_ckpt()
    src_path, dst = str(tmp_path / 'authors.pth.tar'), str(tmp_path / 'o.pth')
    torch.save(src, src_path)
    proc = subprocess.run(
        [sys.executable, osp.join(ROOT, 'tools', 'convert', 'convert_ckpt.py'),
         src_path, dst, '--stream', 'bone'],
        capture_output=True, text=True, timeout=300, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    from skelact.utils.safe_load import safe_torch_load
    out = safe_torch_load(dst)
    assert out['meta']['source'] == 'aimclr'
    assert out['meta']['stream'] == 'bone'
    check_lossless(src, out)
    model = load_aimclr_lenient(out['state_dict'])
    x_ref, x = authors_input(9)
    with torch.no_grad():
        torch.testing.assert_close(
            model.encode_key(x), F.normalize(enc_k(x_ref), dim=1),
            rtol=1e-4, atol=1e-5)


class Evil:
    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (os.mkdir, (self.target,))


def test_malicious_pickle_is_refused(tmp_path):
    src, _ = linear_ckpt()
    marker = str(tmp_path / 'pwned')
    path, dst = str(tmp_path / 'evil.pth'), str(tmp_path / 'out.pth')
    torch.save(dict(state_dict=src, payload=Evil(marker)), path)
    assert not osp.exists(marker)
    with pytest.raises(Exception) as info:
        convert_file(path, dst)
    assert 'refusing' in str(info.value) or 'weights_only' in \
        str(info.value) or 'Unsupported global' in str(info.value)
    assert not osp.exists(marker), 'the pickled payload was executed'
    assert not osp.exists(dst)
