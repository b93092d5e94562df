"""CrosSCLR 3-view: the cross-view loss by hand, the stage switch at
cross_epoch, the momentum update in both modes, the one-pointer queues,
the view='all' head and the errors for a model given one stream."""
import math
import types

import pytest
import torch

import skelact.engine  # noqa: F401
import skelact.models  # noqa: F401
from skelact.engine.hooks import CrossViewStageHook
from skelact.models.losses import CrossViewLoss
from skelact.registry import MODELS

D, F_DIM, K = 8, 4, 8


def model_cfg(**kw):
    cfg = dict(
        type='CrosSCLR',
        backbone=dict(type='MultiStreamBackbone',
                      backbone=dict(type='STGCN', hidden_channels=2,
                                    hidden_dim=D)),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=D, hidden_channels=D,
                       out_channels=F_DIM),
        queue_size=K, feature_dim=F_DIM, momentum=0.5)
    cfg.update(kw)
    return cfg


def _log_softmax(row):
    z = math.log(sum(math.exp(v) for v in row))
    return [v - z for v in row]


def test_cross_view_loss_by_hand():
    # one sample, a queue of 2, two views, temperature 0.5
    pos_x, neg_x = 0.5, [0.2, -0.1]
    pos_y, neg_y = 0.3, [-0.3, 0.4]   # y's nearest queue entry: 1
    T = 0.5
    lx = _log_softmax([v / T for v in
                       [pos_x] + neg_x + [0.2 * -0.3, -0.1 * 0.4]])
    ly = _log_softmax([v / T for v in
                       [pos_y] + neg_y + [0.2 * -0.3, -0.1 * 0.4]])
    # x's positives: its key, queue entry 1 (y's top-1), context entry 1;
    # y's: its key, queue entry 0 (x's top-1), context entry 0
    want_x = -(lx[0] + lx[2] + lx[4]) / 3
    want_y = -(ly[0] + ly[1] + ly[3]) / 3
    t = torch.tensor
    got = CrossViewLoss()([t([[pos_x]]), t([[pos_y]])],
                          [t([neg_x]), t([neg_y])], T)
    assert got[0].item() == pytest.approx(want_x, abs=1e-6)
    assert got[1].item() == pytest.approx(want_y, abs=1e-6)
    # without context: [pos, queue] only
    lx = _log_softmax([v / T for v in [pos_x] + neg_x])
    got = CrossViewLoss(context=False)([t([[pos_x]]), t([[pos_y]])],
                                       [t([neg_x]), t([neg_y])], T)
    assert got[0].item() == pytest.approx(-(lx[0] + lx[2]) / 2, abs=1e-6)


def test_cross_view_loss_averages_the_pairs_of_each_view():
    g = torch.Generator().manual_seed(0)
    pos = [torch.randn(3, 1, generator=g) for _ in range(3)]
    neg = [torch.randn(3, 5, generator=g) for _ in range(3)]
    loss = CrossViewLoss()
    got = loss(pos, neg, 0.1)
    for x in range(3):
        pairs = [loss.pair(pos[x], neg[x], neg[y], 0.1)
                 for y in range(3) if y != x]
        torch.testing.assert_close(got[x], (pairs[0] + pairs[1]) / 2)
    with pytest.raises(ValueError, match='at least 2 views'):
        loss(pos[:1], neg[:1], 0.1)


class Log:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


def test_stage_switches_at_cross_epoch_and_is_declared():
    model = MODELS.build(model_cfg(cross_epoch=150))
    assert [h['type'] for h in model.required_hooks()] == [
        'MomentumUpdateHook', 'MemoryBankHook', 'CrossViewStageHook']
    assert 'CrossViewStageHook' not in [
        h['type'] for h in MODELS.build(model_cfg(
            cross_epoch=None)).required_hooks()]
    hook, seen = CrossViewStageHook(), []
    for epoch in (0, 149, 150, 299):   # 0-based: stage 2 from the 151st
        runner = types.SimpleNamespace(model=model, epoch=epoch, logger=Log())
        hook.before_train_epoch(runner)
        seen.append(bool(model.cross_active))
    assert seen == [False, False, True, True]
    assert bool(model.state_dict()['cross_active'])  # saved with the model
    with pytest.raises(ValueError, match='cross_epoch'):
        CrossViewStageHook(cross_epoch=-1)


def _snapshot(model):
    return {n: p.detach().clone()
            for n, p in model.momentum_encoder.named_parameters()}


def _query(model, name):
    return dict(model.named_parameters())[name]


@pytest.mark.parametrize('mode', ['authors', 'all'])
def test_momentum_update_modes(mode):
    torch.manual_seed(0)
    model = MODELS.build(model_cfg(momentum_mode=mode))
    m = model.momentum
    with torch.no_grad():  # query and key encoders differ
        for p in model.momentum_encoder.parameters():
            p.add_(1.0)
    joint_bb = 'backbone.encoders.joint.data_bn.weight'
    motion_bb = 'backbone.encoders.motion.data_bn.weight'
    bone_bb = 'backbone.encoders.bone.data_bn.weight'
    shared = 'projector.streams.joint.2.weight'   # = motion / bone fc.2.2
    own = 'projector.streams.bone.0.weight'

    def step():
        before = _snapshot(model)
        model.momentum_update()
        after = _snapshot(model)
        return lambda n, mm: torch.testing.assert_close(
            after[n], mm * before[n] + (1 - mm) * _query(model, n).detach())

    check = step()                         # stage 1
    for n in (joint_bb, motion_bb, bone_bb, own):
        check(n, m)
    # the authors: the shared layers step once per stream holding them
    check(shared, m ** 3 if mode == 'authors' else m)

    model.set_cross(True)                  # stage 2
    check = step()
    check(motion_bb, m)
    check(shared, m)
    for n in (joint_bb, bone_bb, own):
        check(n, 1.0 if mode == 'authors' else m)


def test_queues_share_one_pointer_and_loss_names():
    model = MODELS.build(model_cfg())
    model.hooks_verified = True
    x = torch.randn(4, 2, 10, 25, 3)
    losses = model([x, x], mode='loss')
    assert sorted(losses) == ['loss_bone', 'loss_joint', 'loss_motion']
    keys = model._pending_keys
    model.enqueue_pending()
    assert model.queue.shape == (3, K, F_DIM) and int(model.queue_ptr) == 4
    for s in range(3):
        torch.testing.assert_close(model.queue[s, :4], keys[s])
    assert model.extract_feat(x).shape == (4, 3 * D)
    with pytest.raises(ValueError, match='2 views'):
        model([x, x, x], mode='loss')


def test_view_all_head_averages_the_streams_logits():
    head = MODELS.build(dict(type='MultiStreamLinearHead', num_classes=5,
                             in_channels=12, num_streams=3))
    feats = torch.randn(2, 12)
    per = [head.fc[i](f) for i, f in enumerate(feats.chunk(3, dim=1))]
    torch.testing.assert_close(head(feats), (per[0] + per[1] + per[2]) / 3)
    head.view = 1
    torch.testing.assert_close(head(feats), per[1])
    with pytest.raises(ValueError, match=r'\(N, 12\)'):
        head(torch.randn(2, 8))
    with pytest.raises(ValueError, match='num_streams'):
        MODELS.build(dict(type='MultiStreamLinearHead', num_classes=5,
                          in_channels=10, num_streams=3))


def test_one_stream_and_other_misconfigurations_are_clear_errors():
    one = model_cfg()
    one['backbone'] = dict(one['backbone'], streams=('joint',))
    with pytest.raises(ValueError, match=r"streams=\('joint',\) is one "
                       r'stream.*at least 2'):
        MODELS.build(one)
    single = model_cfg(backbone=dict(type='STGCN', hidden_channels=2,
                                     hidden_dim=D))
    with pytest.raises(ValueError, match='must be a MultiStreamBackbone'):
        MODELS.build(single)
    with pytest.raises(ValueError, match="stream must be 'joint'"):
        MODELS.build(model_cfg(data_preprocessor=dict(
            type='SkeletonDataPreprocessor', stream='bone')))
    with pytest.raises(ValueError, match="momentum_mode"):
        MODELS.build(model_cfg(momentum_mode='some'))
    no_motion = model_cfg()
    no_motion['backbone'] = dict(no_motion['backbone'],
                                 streams=('joint', 'bone'))
    with pytest.raises(ValueError, match="momentum_mode='all'"):
        MODELS.build(no_motion)


def test_3s_aimclr_losses_per_stream():
    model = MODELS.build(model_cfg(type='CrossStreamAimCLR',
                                   momentum_mode='all'))
    model.hooks_verified = True
    x = torch.randn(4, 2, 10, 25, 3)
    losses = model([x, x, x], mode='loss')
    assert sorted(losses) == sorted(
        f'loss_{d}{s}' for s in ('joint', 'motion', 'bone')
        for d in ('', 'd3m_'))
    model.set_cross(True)
    stage2 = model([x, x, x], mode='loss')
    # stage 2 changes the contrastive term, not the D3M terms
    assert not torch.allclose(stage2['loss_joint'], losses['loss_joint'])
    torch.testing.assert_close(stage2['loss_d3m_bone'],
                               losses['loss_d3m_bone'])


def test_a_derived_protocol_loads_all_streams_from_a_pretraining_file(
        tmp_path):
    """The linear protocol's backbone init_cfg (Pretrained, prefix
    ``backbone.``) fills every stream's encoder."""
    pre = MODELS.build(model_cfg())
    ckpt = str(tmp_path / 'pre.pth')
    torch.save(dict(state_dict=pre.state_dict()), ckpt)
    bb = MODELS.build(dict(model_cfg()['backbone'], init_cfg=dict(
        type='Pretrained', checkpoint=ckpt, prefix='backbone.')))
    bb.init_weights()
    for k, v in bb.state_dict().items():
        torch.testing.assert_close(v, pre.state_dict()['backbone.' + k])
