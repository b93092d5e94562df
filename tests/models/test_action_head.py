import pytest
import torch

from skelact.models.heads.action_head import (ActionHeadClassification,
                                              ActionHeadEmbed)
from skelact.registry import MODELS
from skelact.structures import ActionDataSample


def reference_pool(feat):
    # MotionBERT: (N, M, T, J, C) -> (N, M, J, C, T) -> mean T -> (N, M, J*C)
    # -> mean M; ``feat`` is skelact's map (N, M, C, T, J)
    n, m = feat.shape[:2]
    feat = feat.permute(0, 1, 3, 4, 2)  # MotionBERT's (N, M, T, J, C)
    return feat.permute(0, 1, 3, 4, 2).mean(-1).reshape(n, m, -1).mean(1)


def test_classification_head_matches_reference_computation():
    torch.manual_seed(0)
    head = ActionHeadClassification(num_classes=7, dim_rep=16, num_joints=17,
                                    hidden_dim=32).eval()
    x = torch.randn(3, 2, 16, 5, 17)  # (N, M, D, T, V)
    out = head(x)
    assert out.shape == (3, 7)
    ref = head.fc2(torch.relu(head.bn(head.fc1(reference_pool(x)))))
    torch.testing.assert_close(out, ref)
    assert head.dropout.p == 0.5 and head.bn.momentum == 0.1
    assert set(head.state_dict()) >= {
        'fc1.weight', 'fc1.bias', 'bn.weight', 'bn.bias', 'bn.running_mean',
        'bn.running_var', 'bn.num_batches_tracked', 'fc2.weight',
        'fc2.bias'}


def test_single_person_input_and_bad_shape():
    head = ActionHeadClassification(4, dim_rep=8, num_joints=5,
                                    hidden_dim=16).eval()
    x = torch.randn(2, 8, 3, 5)  # (N, D, T, V)
    torch.testing.assert_close(head(x), head(x[:, None]))
    with pytest.raises(ValueError, match='V=5'):
        head(torch.randn(2, 1, 8, 3, 6))


def test_loss_and_predict_through_base_head():
    head = MODELS.build(dict(type='ActionHeadClassification', num_classes=3,
                             dim_rep=8, num_joints=5, hidden_dim=16))
    x = torch.randn(4, 2, 8, 3, 5)
    samples = [ActionDataSample().set_gt_label(i % 3) for i in range(4)]
    losses = head.loss(x, samples)
    assert losses['loss_cls'].ndim == 0
    head.eval()
    preds = head.predict(x, samples)
    assert preds[0].pred_score.shape == (3,)


def test_embed_head_is_l2_normalised():
    emb = MODELS.build(dict(type='ActionHeadEmbed', dim_rep=8, num_joints=5,
                            hidden_dim=12))
    x = torch.randn(4, 2, 8, 3, 5)
    out = emb(x)
    assert out.shape == (4, 12) and emb.out_channels == 12
    torch.testing.assert_close(out.norm(dim=-1), torch.ones(4))
    torch.testing.assert_close(
        out, torch.nn.functional.normalize(emb.fc1(reference_pool(x)),
                                           dim=-1))


def test_recognizer_with_dstformer_and_action_head_trains():
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='Recognizer',
        backbone=dict(type='DSTformer', dim_feat=16, dim_rep=16, depth=1,
                      num_heads=2, mlp_ratio=2, maxlen=8),
        head=dict(type='ActionHeadClassification', num_classes=2,
                  dim_rep=16, num_joints=17, hidden_dim=32,
                  dropout_ratio=0.0)))
    inputs = [torch.randn(2, 8, 17, 3) for _ in range(8)]
    for i in range(4, 8):
        inputs[i][..., 0] += 1.0
    data = dict(inputs=inputs, data_samples=[
        ActionDataSample().set_gt_label(int(i >= 4)) for i in range(8)])
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    losses = []
    for _ in range(8):
        batch = model.data_preprocessor(data, True)
        loss = model(**batch, mode='loss')['loss_cls']
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    model.eval()
    batch = model.data_preprocessor(data, False)
    assert len(model(**batch, mode='predict')) == 8


def test_embed_head_as_neck():
    model = MODELS.build(dict(
        type='Recognizer',
        backbone=dict(type='SkeletonTransformer', dim_feat=16, depth=1,
                      num_heads=2, num_frames=8, num_joints=25),
        neck=dict(type='ActionHeadEmbed', dim_rep=16, num_joints=25,
                  hidden_dim=10),
        head=dict(type='LinearHead', num_classes=3, in_channels=10)))
    x = torch.randn(2, 2, 8, 25, 3)
    assert model.extract_feat(x).shape == (2, 10)
    assert model(x).shape == (2, 3)
