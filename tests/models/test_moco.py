"""SkeletonCLR / AimCLR: MoCo queue (FIFO, wrap-around, divisibility),
contrast logits, momentum update arithmetic, key encoder init, and the
composition of the AimCLR losses."""
import pytest
import torch
import torch.nn.functional as F

import skelact.models  # noqa: F401
from skelact.models.algorithms.aimclr import nearest_neighbour_mask
from skelact.registry import MODELS

D = 4


@pytest.fixture(autouse=True, scope='module')
def one_thread():
    """Tiny tensors: one thread is much faster on a shared 2-core machine."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def build(kind='SkeletonCLR', queue_size=16, momentum=0.9, **kw):
    cfg = dict(
        type=kind,
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8,
                       hidden_channels=8, out_channels=D),
        queue_size=queue_size, feature_dim=D, temperature=0.1,
        momentum=momentum)
    cfg.update(kw)
    return MODELS.build(cfg)


def views(n=4, num=2, t=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(n, 2, t, 25, 3, generator=g) for _ in range(num)]


# -- queue --------------------------------------------------------------
def test_queue_is_fifo_and_pointer_wraps_around():
    torch.manual_seed(0)
    model = build(queue_size=8)
    assert model.queue.shape == (8, D)
    assert model.queue_ptr.dtype == torch.long and int(model.queue_ptr) == 0
    torch.testing.assert_close(model.queue.norm(dim=1), torch.ones(8))
    initial = model.queue.clone()
    batches = [F.normalize(torch.randn(2, D), dim=1) for _ in range(5)]

    model.enqueue(batches[0])
    torch.testing.assert_close(model.queue[0:2], batches[0])
    torch.testing.assert_close(model.queue[2:], initial[2:])  # untouched
    assert int(model.queue_ptr) == 2

    for i in (1, 2, 3):
        model.enqueue(batches[i])
        assert int(model.queue_ptr) == (2 * (i + 1)) % 8
    # K / B = 4 batches: the queue holds them in order, the pointer wrapped
    torch.testing.assert_close(model.queue, torch.cat(batches[:4]))
    assert int(model.queue_ptr) == 0
    # the 5th batch replaces the oldest keys
    model.enqueue(batches[4])
    torch.testing.assert_close(model.queue[0:2], batches[4])
    torch.testing.assert_close(model.queue[2:], torch.cat(batches[1:4]))
    assert int(model.queue_ptr) == 2


def test_queue_size_not_divisible_by_batch_raises():
    model = build(queue_size=8)
    before = model.queue.clone()
    with pytest.raises(ValueError, match='divisible'):
        model.enqueue(torch.randn(3, D))
    assert torch.equal(model.queue, before) and int(model.queue_ptr) == 0


def test_enqueue_pending_after_loss():
    torch.manual_seed(0)
    model = build(queue_size=8)
    model.eval()
    xq, xk = views()
    model(inputs=[xq, xk], mode='loss')
    k = model.encode_key(xk)
    model.enqueue_pending()
    torch.testing.assert_close(model.queue[:4], k)
    assert int(model.queue_ptr) == 4
    model.enqueue_pending()  # nothing pending: no-op
    assert int(model.queue_ptr) == 4


def test_contrast_logits():
    model = build(queue_size=2)
    model.queue.copy_(torch.tensor([[1.0, 0, 0, 0], [0, 1.0, 0, 0]]))
    q = torch.tensor([[0.6, 0.8, 0, 0], [0, 0, 1.0, 0]])
    k = torch.tensor([[0.6, 0.8, 0, 0], [0, 0, 0, 1.0]])
    logits, l_neg = model.contrast(q, k)
    # [q.k, q.queue_0, q.queue_1] / tau, tau = 0.1
    torch.testing.assert_close(logits, torch.tensor(
        [[10.0, 6.0, 8.0], [0.0, 0.0, 0.0]]))
    torch.testing.assert_close(l_neg, torch.tensor([[0.6, 0.8], [0., 0.]]))


# -- momentum encoder ---------------------------------------------------
def pairs(model):
    q = [p for m in model.query_modules() for p in m.parameters()]
    k = list(model.momentum_encoder.parameters())
    assert len(q) == len(k)
    return list(zip(q, k))


def assert_key_equals_query(model):
    for name, mod in zip(('backbone', 'neck', 'projector'),
                         model.query_modules()):
        ours, theirs = mod.state_dict(), \
            model.momentum_encoder[name].state_dict()
        assert ours.keys() == theirs.keys()
        for key in ours:
            assert torch.equal(ours[key], theirs[key]), f'{name}.{key}'


def test_key_encoder_equals_query_at_init_and_after_init_weights():
    torch.manual_seed(0)
    model = build(backbone=dict(
        type='STGCN', hidden_channels=4, hidden_dim=8,
        init_cfg=dict(type='Kaiming', layer='Conv2d')))
    assert_key_equals_query(model)
    conv = model.backbone.blocks[1].gcn.conv.weight.clone()
    model.init_weights()
    # Kaiming re-drew the query's weights, and they were copied
    assert not torch.equal(conv, model.backbone.blocks[1].gcn.conv.weight)
    assert_key_equals_query(model)


def test_key_encoder_has_no_trainable_parameters():
    model = build()
    assert all(not p.requires_grad
               for p in model.momentum_encoder.parameters())
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    assert trainable == {id(p) for m in model.query_modules()
                         for p in m.parameters()}
    # a training step does not give the key encoder gradients
    model.train()
    loss = model.loss(views(t=8))['loss_info']
    loss.backward()
    assert all(p.grad is None for p in model.momentum_encoder.parameters())
    assert model.backbone.blocks[0].gcn.conv.weight.grad is not None


def test_momentum_update_arithmetic():
    torch.manual_seed(0)
    m = 0.9
    model = build(momentum=m)
    with torch.no_grad():  # make the two encoders differ
        for p in model.momentum_encoder.parameters():
            p.add_(torch.randn_like(p))
    before = [(q.clone(), k.clone()) for q, k in pairs(model)]
    bn_before = {k: v.clone() for k, v in
                 model.momentum_encoder.state_dict().items()
                 if 'running' in k or 'num_batches' in k}
    model.momentum_update()
    for (q, k), (q0, k0) in zip(pairs(model), before):
        assert torch.equal(q, q0)  # the query encoder is untouched
        torch.testing.assert_close(k, m * k0 + (1 - m) * q0,
                                   rtol=1e-6, atol=1e-7)
    # parameters only: the key encoder's BN statistics are its own
    state = model.momentum_encoder.state_dict()
    for key, v in bn_before.items():
        assert torch.equal(state[key], v), key
    # m = 0 copies the query, m = 1 keeps the key
    model.momentum = 1.0
    snap = [k.clone() for _, k in pairs(model)]
    model.momentum_update()
    assert all(torch.equal(k, s) for (_, k), s in zip(pairs(model), snap))
    model.momentum = 0.0
    model.momentum_update()
    assert all(torch.equal(k, q) for q, k in pairs(model))


# -- losses of the algorithms -------------------------------------------
def test_skeletonclr_loss_is_infonce_of_contrast():
    torch.manual_seed(0)
    model = build()
    model.eval()
    xq, xk = views()
    out = model.loss([xq, xk])
    assert set(out) == {'loss_info'}
    with torch.no_grad():
        q = F.normalize(model.projector(model.neck(model.backbone(xq))), dim=1)
        k = model.encode_key(xk)
        logits = torch.cat([(q * k).sum(1, keepdim=True),
                            q @ model.queue.t()], 1) / 0.1
        expected = F.cross_entropy(logits, torch.zeros(4, dtype=torch.long))
    torch.testing.assert_close(out['loss_info'].detach(), expected)
    with pytest.raises(ValueError, match='2 views'):
        model.loss(views(num=3))


@pytest.mark.parametrize('nnm', [False, True])
def test_aimclr_loss_composition(nnm):
    torch.manual_seed(0)
    model = build('AimCLR', alpha=0.5, beta=0.25)
    model.eval()
    model.set_nnm(nnm)
    xe, xq, xk = views(num=3)
    out = model.loss([xe, xq, xk])
    assert set(out) == {'loss_info', 'loss_d3m'}
    with torch.no_grad():
        q = model.encode_query(xq)
        fm = model.backbone(xe)
        qe = model._embed(fm)
        qed = model._embed(model.eadm(fm))
        k = model.encode_key(xk)
        logits, ln = model.contrast(q, k)
        le, lne = model.contrast(qe, k)
        led, lned = model.contrast(qed, k)
        target = F.softmax(logits, 1)  # the normal query's distribution

        def ce(pred):
            return -(target * F.log_softmax(pred, 1)).sum(1).mean()

        d3m = 0.5 * ce(le) + 0.25 * ce(led)
        if nnm:
            mask = nearest_neighbour_mask([ln, lne, lned], 1)
            info = (-(F.log_softmax(logits, 1) * mask).sum(1) /
                    mask.sum(1)).mean()
        else:
            info = F.cross_entropy(logits, torch.zeros(4, dtype=torch.long))
    torch.testing.assert_close(out['loss_info'].detach(), info)
    torch.testing.assert_close(out['loss_d3m'].detach(), d3m)
    torch.testing.assert_close(model._pending_keys, k)
