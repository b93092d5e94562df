"""ConMLP's encoder, projector and decoder; the in-batch contrastive
algorithm (views, labels, the reconstruction target)."""
import numpy as np
import pytest
import torch

from skelact.models import (ConMLP, GlobalAveragePooling, InBatchContrastive,
                            LinearProjector, MLPDecoder)
from skelact.registry import MODELS


def _n_params(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def test_parameter_counts_of_the_authors_sizes():
    with torch.device('meta'):
        enc = ConMLP()
        proj = LinearProjector(256, 128)
        dec = MLPDecoder(256, 256, 45000)
    assert enc.input_dim == 300 * 2 * 25 * 3 == 45000
    assert _n_params(enc) == 11_586_560
    assert _n_params(enc, proj) == 11_619_456  # the reference: 11,619,456
    assert _n_params(dec) == 11_631_304
    assert _n_params(enc, proj, dec) == 23_250_760  # seed Table 5.4: 23.01 M


def test_encoder_shapes_order_and_init():
    torch.manual_seed(0)
    enc = ConMLP(num_frames=6, num_persons=2, num_joints=4, dropout=0.0)
    x = torch.randn(3, 2, 6, 4, 3)
    out = enc(x)
    assert out.shape == (3, 1, 256, 1, 1)
    assert GlobalAveragePooling()(out).shape == (3, 256)
    # the authors' flatten order: frame-major, then person, joint, xyz
    assert torch.equal(enc.flatten(x)[1], x[1].permute(1, 0, 2, 3).reshape(-1))
    # Xavier-uniform bound sqrt(6 / (fan_in + fan_out)), tiny biases
    bound = (6 / (enc.input_dim + 256)) ** 0.5
    assert enc.fc1.weight.abs().max() <= bound
    assert enc.fc1.weight.abs().max() > 0.9 * bound
    assert enc.fc1.bias.abs().max() < 1e-4
    assert isinstance(enc.act, torch.nn.GELU) and enc.norm.eps == 1e-6


def test_encoder_separate_persons():
    enc = ConMLP(num_frames=5, num_joints=4, person_mode='separate')
    assert enc.input_dim == 5 * 4 * 3 and enc.sample_dim == 2 * 5 * 4 * 3
    out = enc(torch.randn(2, 2, 5, 4, 3))
    assert out.shape == (2, 2, 256, 1, 1)


def test_input_length_mismatch_names_both_numbers_and_the_key():
    enc = ConMLP(num_frames=300)
    with pytest.raises(ValueError) as e:
        enc(torch.zeros(1, 2, 50, 25, 3))
    msg = str(e.value)
    assert '7500' in msg and '45000' in msg
    assert 'model.backbone.num_frames' in msg


def _tiny_model(**kw):
    cfg = dict(
        type='InBatchContrastive',
        backbone=dict(type='ConMLP', num_frames=4, num_joints=3,
                      hidden_dim=16, dropout=0.0),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='LinearProjector', in_channels=16,
                       out_channels=8),
        loss=dict(type='NTXentLoss', temperature=0.5))
    cfg.update(kw)
    return MODELS.build(cfg)


def test_algorithm_is_pretraining_without_hooks():
    model = _tiny_model()
    assert InBatchContrastive.pretraining is True
    assert model.required_hooks() == []
    x = torch.randn(5, 2, 4, 3, 3)
    assert model.extract_feat([x, x]).shape == (5, 16)
    out = model([x, x.flip(2)], mode='loss')
    assert set(out) == {'loss_con'} and torch.isfinite(out['loss_con'])
    out['loss_con'].backward()
    assert model.backbone.fc1.weight.grad.abs().sum() > 0


def test_supervised_labels_are_class_labels_per_view():
    from skelact.structures import ActionDataSample
    model = _tiny_model(supervised=True,
                        loss=dict(type='SupConLoss', temperature=0.5))
    samples = [ActionDataSample().set_gt_label(c) for c in (0, 0, 1)]
    labels = model._labels(3, samples, 'cpu')
    assert labels.tolist() == [0, 0, 1, 0, 0, 1]
    model_ss = _tiny_model()
    assert model_ss._labels(3, None, 'cpu').tolist() == [0, 1, 2, 0, 1, 2]
    with pytest.raises(ValueError, match='gt_label'):
        model._labels(3, None, 'cpu')


def test_decoder_shapes_and_the_mse_target():
    torch.manual_seed(0)
    dec = dict(type='MLPDecoder', in_channels=16, hidden_dim=16,
               out_dim=None)
    x1, x2, clean = (torch.randn(3, 2, 4, 3, 3) for _ in range(3))
    for target in ('clean', 'augmented'):
        model = _tiny_model(decoder=dec, recon_target=target)
        assert model.decoder.out_dim == 2 * 4 * 3 * 3  # filled from the encoder
        views = [x1, x2, clean] if target == 'clean' else [x1, x2]
        out = model(views, mode='loss')
        assert set(out) == {'loss_con', 'loss_rec'}
        x = torch.cat([x1, x2])
        recon = model.decoder(model.extract_feat(x)).reshape(x.shape)
        want = torch.cat([clean, clean]) if target == 'clean' else x
        assert out['loss_rec'].item() == pytest.approx(
            ((recon - want) ** 2).mean().item(), rel=1e-5)
    # a clean target needs the clean view; the message says how to add it
    model = _tiny_model(decoder=dec, recon_target='clean')
    with pytest.raises(ValueError, match="recon_target='augmented'"):
        model([x1, x2], mode='loss')
    with pytest.raises(ValueError, match='recon_target'):
        _tiny_model(decoder=dec, recon_target='noisy')


def test_views_shear_rows_and_time_reversal():
    from skelact.datasets.transforms import Shear, TemporalFlip
    kp = np.random.RandomState(0).randn(2, 6, 3, 3).astype(np.float32)
    np.random.seed(1)
    out = Shear(amplitude=1.0, row_vectors=True, record=True)(
        dict(keypoint=kp.copy()))
    s = out['shear_matrix']  # S.T, the matrix applied as S @ p
    assert np.abs(s - np.eye(3)).max() <= 1.0
    np.random.seed(1)
    ref = Shear(amplitude=1.0, record=True)(dict(keypoint=kp.copy()))
    assert np.allclose(s, ref['shear_matrix'].T)
    # ConMLP's form: row vectors times S (np.dot(x, S))
    assert np.allclose(out['keypoint'], kp @ ref['shear_matrix'], atol=1e-5)
    flipped = TemporalFlip(p=1.0)(dict(keypoint=kp.copy()))['keypoint']
    assert np.array_equal(flipped, kp[:, ::-1])


def test_zero_pad_frames():
    from skelact.datasets.transforms import ZeroPadFrames
    kp = np.ones((2, 7, 25, 3), np.float32)
    out = ZeroPadFrames(length=10)(dict(keypoint=kp, total_frames=7))
    assert out['keypoint'].shape == (2, 10, 25, 3)
    assert out['keypoint'][:, 7:].sum() == 0 and out['total_frames'] == 7
    with pytest.raises(ValueError, match='more than length=5'):
        ZeroPadFrames(length=5)(dict(keypoint=kp))
    assert ZeroPadFrames(5, truncate=True)(
        dict(keypoint=kp))['keypoint'].shape[1] == 5
