"""HiCLR: the strong augmentations (joint mask, drop/add edges, skeleton
AdaIN), the hierarchical loss against hand-computed values, the branches
as config and their bad inputs, the NNM stage."""
import math
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

import skelact.models  # noqa: F401
from skelact.models.algorithms.hiclr_augment import (
    EdgeAugment, JointMask, adain_with_rolled_batch, edge_augmentation,
    skeleton_adain)
from skelact.registry import HOOKS, MODELS


def build(branches=('basic', 'normal', 'normal+mask'), **kw):
    cfg = dict(
        type='HiCLR',
        branches=branches if isinstance(branches, str) else list(branches),
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8,
                      dropout=0.0),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8,
                       hidden_channels=8, out_channels=4),
        queue_size=16, feature_dim=4, temperature=0.1)
    cfg.update(kw)
    return MODELS.build(cfg)


def views(n, k, seed=0, t=8):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(4, 2, t, 25, 3, generator=g) for _ in range(n + k)]


# -- random joint mask -----------------------------------------------------
def test_joint_mask_count_per_frame_same_for_batch_and_token_gradients():
    torch.manual_seed(0)
    x = torch.randn(3, 2, 7, 25, 3)
    token = torch.nn.Parameter(torch.tensor([0.37]))
    mask = JointMask(0.1).sample(7, 25)
    assert mask.shape == (7, 25)
    assert ((mask == 0).sum(1) == 2).all()     # int(25 * 0.1) per frame
    out = JointMask(0.1)(x, token, mask)
    masked = (out == 0.37)
    # the same joints in every sample, person and channel
    assert torch.equal(masked.all(dim=(0, 1, 4)), mask == 0)
    assert torch.equal(masked.any(dim=(0, 1, 4)), mask == 0)
    keep = mask.bool().view(1, 1, 7, 25, 1).expand_as(x)
    assert torch.equal(out[keep], x[keep])
    out.sum().backward()
    assert token.grad.item() == pytest.approx(3 * 2 * 7 * 2 * 3)
    # fresh draws differ from frame to frame and call to call
    assert not torch.equal(JointMask(0.1).sample(50, 25),
                           JointMask(0.1).sample(50, 25))


@pytest.mark.parametrize('ratio', [0, 1, 1.5, -0.1, 'a'])
def test_mask_ratio_outside_0_1_is_refused(ratio):
    with pytest.raises(ValueError, match=r'ratio must be a number in \(0, 1'):
        build(mask_ratio=ratio)


def test_hiclr_mask_token_is_top_level_and_trained():
    model = build().train()
    model.hooks_verified = True
    assert 'mask_token' in dict(model.named_parameters())
    out = model(views(3, 1), mode='loss')
    assert set(out) == {'loss_info', 'loss_hier'}
    sum(out.values()).backward()
    assert model.mask_token.grad is not None
    assert model.mask_token.grad.abs().item() > 0
    # the key encoder gets no gradient, the mask token no momentum copy
    assert all(p.grad is None for p in model.momentum_encoder.parameters())


# -- drop / add edges ------------------------------------------------------
def test_edge_augment_keeps_the_sum_of_A():
    from skelact.models.layers.graph import Graph
    A = torch.tensor(Graph('nturgb+d', 'spatial').A, dtype=torch.float32)
    torch.manual_seed(1)
    for aug in (EdgeAugment(0.9, 0.0), EdgeAugment(0.0, 0.5),
                EdgeAugment(0.9, 0.5)):
        for _ in range(5):
            out = aug(A)
            assert out.sum().item() == pytest.approx(A.sum().item(), rel=1e-5)
            assert not torch.equal(out, A)
    torch.manual_seed(2)
    added = EdgeAugment(0.0, 0.5)(A)
    new = (added > 0) & (A == 0)
    assert new.any()
    # present edges are only rescaled, by sum(A) / (sum(A) + #new)
    scale = A.sum() / (A.sum() + new.sum())
    torch.testing.assert_close(added[A > 0], A[A > 0] * scale)
    with pytest.raises(ValueError, match='drop_scaling'):
        EdgeAugment(drop_scaling='mean')


def test_drop_add_edges_only_in_branches_that_ask_and_off_in_eval():
    model = build(['basic', 'normal', 'normal+dae'],
                  edge_augment=dict(drop_ratio=0.5, add_ratio=0.3))
    x = views(1, 0)[0]
    for mode in ('train', 'eval'):
        getattr(model, mode)()
        torch.manual_seed(3)
        plain = model.projector(model.neck(model.backbone(x)))
        plain = F.normalize(plain, dim=1)
        no_dae = model.encode_branch(x, frozenset())
        dae = model.encode_branch(x, frozenset({'dae'}))
        torch.testing.assert_close(no_dae, plain)
        if mode == 'train':
            assert not torch.allclose(dae, plain, atol=1e-4)
        else:
            torch.testing.assert_close(dae, plain)
    # every block gets a freshly drawn graph; the hooks go away afterwards
    seen = []
    model.train()
    with edge_augmentation(model.backbone, model.edge_augment):
        handles = [b.register_forward_pre_hook(  # after the augmentation's
            lambda m, a: seen.append(a[1].detach().clone()))
            for b in model.backbone.blocks]
        model.backbone(x)
    for h in handles:
        h.remove()
    assert len(seen) == 10 and not torch.equal(seen[0], seen[1])
    assert all(len(b._forward_pre_hooks) == 0 for b in model.backbone.blocks)


# -- skeleton AdaIN --------------------------------------------------------
@pytest.mark.parametrize('dim', ['TV', 'V'])
def test_adain_takes_the_style_statistics(dim):
    g = torch.Generator().manual_seed(4)
    content = torch.randn(2, 2, 6, 25, 3, generator=g) * 3 + 1
    style = torch.randn(2, 2, 6, 25, 3, generator=g) * 0.5 - 2
    out = skeleton_adain(content, style, dim=dim, eps=1e-5)
    dims = (2, 3) if dim == 'TV' else (3,)
    torch.testing.assert_close(out.mean(dims), style.mean(dims))
    # var(out) = var_c / (var_c + eps) * (var_s + eps)
    vc, vs = content.var(dims), style.var(dims)
    torch.testing.assert_close(out.var(dims), vc / (vc + 1e-5) * (vs + 1e-5))
    # the content's normalised shape is kept
    z = (content - content.mean(dims, keepdim=True)) / \
        (content.var(dims, keepdim=True) + 1e-5).sqrt()
    z2 = (out - out.mean(dims, keepdim=True)) / \
        (out.var(dims, keepdim=True) + 1e-5).sqrt()
    torch.testing.assert_close(z, z2, rtol=1e-3, atol=1e-3)


def test_adain_with_the_batch_uses_another_sample():
    x = torch.stack([torch.randn(1, 5, 25, 3) + 10 * i for i in range(4)])
    torch.manual_seed(5)
    out = adain_with_rolled_batch(x)
    means = x.mean(dim=(2, 3))
    for i in range(4):
        m = out[i].mean(dim=(1, 2))
        hits = [j for j in range(4) if torch.allclose(m, means[j],
                                                      atol=1e-4)]
        assert hits and hits != [i]


# -- the hierarchical loss -------------------------------------------------
def test_hierarchical_kl_against_hand_computed_values():
    # p0 = (1/2, 1/2), p1 = (3/4, 1/4), p2 = (1/4, 3/4)
    l0 = torch.tensor([[0.0, 0.0]], requires_grad=True)
    l1 = torch.tensor([[math.log(3), 0.0]], requires_grad=True)
    l2 = torch.tensor([[0.0, math.log(3)]], requires_grad=True)
    ce1 = -(0.5 * math.log(0.75) + 0.5 * math.log(0.25))
    ce2 = -(0.75 * math.log(0.25) + 0.25 * math.log(0.75))
    h1 = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    loss_cls = MODELS.get('HierarchicalKLLoss')
    ce = loss_cls(loss_weight=0.5)([l0, l1, l2])
    assert ce.item() == pytest.approx(0.5 * (ce1 + ce2), rel=1e-6)
    kl = loss_cls(loss_weight=0.5, form='kl')([l0, l1, l2])
    assert kl.item() == pytest.approx(
        0.5 * (ce1 - math.log(2) + ce2 - h1), rel=1e-6)
    per_link = loss_cls(loss_weight=[1.0, 0.0])([l0, l1, l2])
    assert per_link.item() == pytest.approx(ce1, rel=1e-6)
    ce.backward()
    # the weakest branch is only a (detached) teacher
    assert l0.grad is None or not l0.grad.any()
    # d/dl1 of 1/2 CE(p0 || p1) + 1/2 CE(sg(p1) || p2) = 1/2 (p1 - p0)
    torch.testing.assert_close(l1.grad, 0.5 * torch.tensor([[0.25, -0.25]]))
    torch.testing.assert_close(l2.grad, 0.5 * torch.tensor([[-0.5, 0.5]]))
    with pytest.raises(ValueError, match='2 entries for 1 links'):
        loss_cls(loss_weight=[1.0, 1.0])([l0, l1])
    with pytest.raises(ValueError, match='form'):
        loss_cls(form='js')


def test_hiclr_loss_is_infonce_plus_the_chain():
    model = build(['basic', 'normal', 'normal+adain'], queue_size=16).train()
    model.hooks_verified = True
    vs = views(3, 1, seed=6)
    torch.manual_seed(7)
    out = model(vs, mode='loss')
    torch.manual_seed(7)
    zs = [model.encode_branch(vs[0], frozenset()),
          model.encode_branch(vs[2], frozenset()),
          model.encode_branch(vs[3], frozenset({'adain'}))]
    k = model.encode_key(vs[1])
    logits = [model.contrast(z, k)[0] for z in zs]
    torch.testing.assert_close(out['loss_info'],
                               F.cross_entropy(logits[0], torch.zeros(
                                   4, dtype=torch.long)))
    p = [F.softmax(lg, 1) for lg in logits]
    hand = 0.5 * sum(-(p[i - 1] * p[i].log()).sum(1).mean()
                     for i in (1, 2))
    torch.testing.assert_close(out['loss_hier'], hand, rtol=1e-4, atol=1e-5)


# -- branches as config and their bad inputs -------------------------------
def test_branches_are_config():
    four = build(['basic', 'normal', 'normal+dae', 'normal+dae+mask'])
    assert four.view_sets() == ['basic', 'basic', 'normal', 'normal',
                                'normal']
    assert four.pipeline_views() == [2, 3]
    strong = build(['basic', 'strong', ['strong', 'mask']])
    assert strong.pipeline_views() == [2, 2]
    four.train()
    four.hooks_verified = True
    with pytest.raises(ValueError, match=r'num_views=\[2, 3\]'):
        four(views(3, 1), mode='loss')


@pytest.mark.parametrize('branches,match', [
    (['basic', 'normal+masks'], "unknown augmentation set 'masks'"),
    (['basic', 'extreme'], "unknown augmentation set 'extreme'"),
    (['basic'], 'at least 2'),
    ('basic+normal', 'at least 2'),
    (['normal', 'normal+mask'], "first branch is the key's basic set"),
    (['basic', 'normal', 'basic+mask'], 'must grow'),
])
def test_bad_branches_are_refused(branches, match):
    with pytest.raises(ValueError, match=match):
        build(branches)


def test_dae_on_a_backbone_without_a_graph_is_refused():
    with pytest.raises(ValueError, match="remove '\\+dae'"):
        with edge_augmentation(torch.nn.Linear(2, 2), EdgeAugment()):
            pass


# -- the NNM stage ---------------------------------------------------------
def test_nnm_positives_are_the_union_of_the_branches_neighbours():
    model = build(['basic', 'normal', 'normal+mask']).train()
    model.hooks_verified = True
    model.set_nnm(True)
    vs = views(3, 1, seed=8)
    torch.manual_seed(9)
    out = model(vs, mode='loss')
    torch.manual_seed(9)
    zs = [model.encode_branch(vs[0], frozenset()),
          model.encode_branch(vs[2], frozenset()),
          model.encode_branch(vs[3], frozenset({'mask'}))]
    k = model.encode_key(vs[1])
    cs = [model.contrast(z, k) for z in zs]
    mask = torch.zeros(4, 16)
    for _, l_neg in cs:
        mask[torch.arange(4), l_neg.argmax(1)] = 1
    mask = torch.cat([torch.ones(4, 1), mask], 1)
    logp = F.log_softmax(cs[0][0], 1)
    hand = (-(logp * mask).sum(1) / mask.sum(1)).mean()
    torch.testing.assert_close(out['loss_info'], hand)


def test_nnm_switches_on_at_the_151st_epoch():
    """The paper and the authors' code (``train(epoch + 1)``, ``if epoch
    <= mining_epoch``) use the NNM loss from the 151st epoch: 0-based
    epoch 150 with mining_epoch=150."""
    model = build(mining_epoch=150)
    assert dict(type='NNMSwitchHook') in model.required_hooks()
    assert dict(type='NNMSwitchHook') not in \
        build(mining_epoch=None).required_hooks()
    hook = HOOKS.build(dict(type='NNMSwitchHook'))
    logger = SimpleNamespace(info=lambda *a, **k: None)
    stage = {}
    for epoch in (0, 149, 150, 151):
        hook.before_train_epoch(SimpleNamespace(model=model, epoch=epoch,
                                                logger=logger))
        stage[epoch] = bool(model.nnm_active)
    assert stage == {0: False, 149: False, 150: True, 151: True}
    # the stage is a buffer: it travels with checkpoints
    assert 'nnm_active' in model.state_dict()


def test_key_encoder_init_copy_or_the_authors_independent_draw():
    init = [dict(type='Normal', layer=['Conv2d', 'Linear'], std=0.02,
                 bias=0.0)]
    for mode, same in (('copy', True), ('independent', False)):
        torch.manual_seed(10)
        model = build(init_cfg=init, key_encoder_init=mode)
        model.init_weights()
        q = model.backbone.blocks[3].gcn.conv.weight
        k = model.momentum_encoder.backbone.blocks[3].gcn.conv.weight
        assert torch.equal(q, k) == same
        assert model.mask_token.item() == 0
    with pytest.raises(ValueError, match='key_encoder_init'):
        build(key_encoder_init='twin')
