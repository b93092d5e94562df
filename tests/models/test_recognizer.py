import torch

from skelact.models.necks.pooling import GlobalAveragePooling
from skelact.registry import MODELS
from skelact.structures import ActionDataSample


def build(frozen=False):
    import skelact.models  # noqa: F401
    return MODELS.build(dict(
        type='Recognizer', frozen_backbone=frozen,
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8,
                      dropout=0.5),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearHead', num_classes=5, in_channels=8)))


def batch(n=4):
    data = dict(inputs=[torch.randn(2, 12, 25, 3) for _ in range(n)],
                data_samples=[ActionDataSample().set_gt_label(i % 5)
                              for i in range(n)])
    return data


def test_pooling_neck_means_over_time_joints_then_persons():
    x = torch.randn(2, 3, 8, 5, 7)  # N, M, C, T, V
    out = GlobalAveragePooling()(x)
    torch.testing.assert_close(out, x.mean((3, 4)).mean(1))
    # a transformer's tokens (N, M, T, V, C) moved to the map layout pool
    # the same
    xt = x.permute(0, 1, 3, 4, 2)
    torch.testing.assert_close(GlobalAveragePooling()(xt.movedim(-1, 2)),
                               out)


def test_modes():
    m = build()
    data = m.data_preprocessor(batch(), True)
    assert m(**data, mode='tensor').shape == (4, 5)
    losses = m(**data, mode='loss')
    assert set(losses) == {'loss_cls'} and losses['loss_cls'].ndim == 0
    m.eval()
    preds = m(**data, mode='predict')
    assert len(preds) == 4
    torch.testing.assert_close(preds[0].pred_score.sum(), torch.tensor(1.))
    assert preds[0].pred_label.item() == preds[0].pred_score.argmax().item()
    assert m.extract_feat(data['inputs']).shape == (4, 8)


def test_frozen_backbone_stays_in_eval_mode_and_unchanged():
    m = build(frozen=True)
    m.train()
    assert not m.backbone.training
    assert not any(mod.training for mod in m.backbone.modules())
    assert m.head.training
    before = {k: v.clone() for k, v in m.backbone.state_dict().items()}
    opt = torch.optim.SGD([p for p in m.parameters() if p.requires_grad],
                          lr=1.0)
    for _ in range(3):
        data = m.data_preprocessor(batch(), True)
        loss = m(**data, mode='loss')['loss_cls']
        opt.zero_grad()
        loss.backward()
        opt.step()
    for k, v in m.backbone.state_dict().items():
        assert torch.equal(v, before[k]), k  # incl. BN running statistics
    assert all(p.grad is None for p in m.backbone.parameters())


def test_preprocessor_streams_and_views():
    from skelact.models.data_preprocessors.skeleton import \
        SkeletonDataPreprocessor
    from skelact.streams import to_stream
    x = [torch.randn(2, 6, 25, 3) for _ in range(3)]
    for stream in ('joint', 'bone', 'motion'):
        pre = SkeletonDataPreprocessor(stream=stream)
        out = pre(dict(inputs=x, data_samples=None))['inputs']
        torch.testing.assert_close(out, to_stream(torch.stack(x), stream))
    # pseudo_collate turns the samples' packed views into per-view lists
    views = {'views': [x, x]}
    out = SkeletonDataPreprocessor(stream='bone')(
        dict(inputs=views, data_samples=None))['inputs']
    assert isinstance(out, list) and len(out) == 2
    assert out[0].shape == (3, 2, 6, 25, 3)
    torch.testing.assert_close(out[1], to_stream(torch.stack(x), 'bone'))
    import pytest
    with pytest.raises(ValueError, match='unknown stream'):
        SkeletonDataPreprocessor(stream='velocity')
