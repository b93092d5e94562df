"""PoseConv3D models: SlowOnly shapes and parameter count in pyskl's NTU
configuration, I3DHead's multi-clip averaging, the clip-flattening and
on-device heatmap data preprocessor, the recognizer's multi-clip predict."""
import numpy as np
import pytest
import torch

from skelact.datasets.transforms import GeneratePoseTarget
from skelact.models import (I3DHead, PoseVolumeDataPreprocessor, Recognizer,
                            ResNet3dSlowOnly)
from skelact.models.heads import average_clips
from skelact.structures import ActionDataSample

PYSKL_NTU = dict(in_channels=17, base_channels=32, num_stages=3,
                 out_indices=(2,), stage_blocks=(4, 6, 3),
                 conv1_stride=(1, 1), pool1_stride=(1, 1), inflate=(0, 1, 1),
                 spatial_strides=(2, 2, 2), temporal_strides=(1, 1, 2))


def _pyskl_param_count(in_channels=17, base=32, blocks=(4, 6, 3),
                       inflate=(0, 1, 1)):
    """Parameters of pyskl's SlowOnly-R50 by hand: conv weights + BN
    weight and bias (the stem 1x7x7; bottleneck 1x1 (3x1x1 inflated),
    1x3x3, 1x1 x4; a 1x1 projection in each stage's first block)."""
    total = in_channels * base * 49 + 2 * base
    c_in = base
    for i, n in enumerate(blocks):
        p = base * 2 ** i
        for b in range(n):
            cin = c_in if b == 0 else 4 * p
            k1 = 3 if inflate[i] else 1
            total += cin * p * k1 + 2 * p + p * p * 9 + 2 * p + \
                p * 4 * p + 8 * p
            if b == 0:
                total += cin * 4 * p + 8 * p
        c_in = 4 * p
    return total


def test_slowonly_shapes_and_parameters():
    net = ResNet3dSlowOnly(**PYSKL_NTU)
    n_params = sum(p.numel() for p in net.parameters())
    assert n_params == _pyskl_param_count() == 1994080
    assert net.out_channels == 512
    head = I3DHead(num_classes=60, in_channels=512)
    # PoseConv3D's paper: 2.0 M parameters with the 60-class head
    assert round((n_params + sum(p.numel() for p in head.parameters()))
                 / 1e6, 1) == 2.0
    with torch.no_grad():
        out = net.eval()(torch.zeros(1, 17, 8, 56, 56))
    assert out.shape == (1, 512, 4, 7, 7)     # T / 2, 56 / 8
    # the skeleton volume (x, y, score; 17 joints; 2 persons)
    skel = ResNet3dSlowOnly(**dict(PYSKL_NTU, in_channels=3)).eval()
    with torch.no_grad():
        assert skel(torch.zeros(2, 3, 8, 17, 2)).shape == (2, 512, 4, 3, 1)
    with pytest.raises(ValueError, match=r'\(N, 17, T, H, W\)'):
        net(torch.zeros(1, 3, 8, 56, 56))
    with pytest.raises(ValueError, match='stage_blocks'):
        ResNet3dSlowOnly(**dict(PYSKL_NTU, stage_blocks=(4, 6)))
    # zero-initialised residual branches: the last BN of every block
    assert net.layer1[0].conv3.bn.weight.abs().sum() == 0


def test_average_clips_by_hand():
    logits = torch.tensor([[2., 0.], [0., 0.], [0., 1.], [0., 3.]])
    p = torch.softmax(logits, -1)
    prob = average_clips(logits, 2, 'prob')
    assert torch.allclose(prob[0], (p[0] + p[1]) / 2)
    assert torch.allclose(prob[1], (p[2] + p[3]) / 2)
    score = average_clips(logits, 2, 'score')
    assert torch.allclose(score[0], torch.softmax(torch.tensor([1., 0.]), 0))
    with pytest.raises(ValueError, match='samples'):
        average_clips(logits, 3)


def test_recognizer_predicts_multi_clip_batches():
    torch.manual_seed(0)
    model = Recognizer(
        backbone=dict(type='ResNet3dSlowOnly', in_channels=2,
                      base_channels=4, num_stages=2, out_indices=(1,),
                      stage_blocks=(1, 1), conv1_stride=(1, 1),
                      pool1_stride=(1, 1), inflate=(0, 1),
                      spatial_strides=(2, 2), temporal_strides=(1, 2)),
        neck=dict(type='GlobalAveragePooling', layout='volume'),
        head=dict(type='I3DHead', num_classes=3, in_channels=32,
                  init_std=1.0),
        data_preprocessor=dict(type='PoseVolumeDataPreprocessor')).eval()
    vols = [torch.randn(4, 2, 4, 8, 8) for _ in range(3)]   # 4 clips each
    samples = [ActionDataSample().set_gt_label(i) for i in range(3)]
    data = model.data_preprocessor(dict(inputs=vols, data_samples=samples))
    assert data['inputs'].shape == (12, 2, 4, 8, 8)
    out = model(**data, mode='predict')
    assert len(out) == 3
    with torch.no_grad():
        logits = model(data['inputs'], mode='tensor')
    for i, s in enumerate(out):
        expect = torch.softmax(logits[4 * i:4 * i + 4], -1).mean(0)
        assert torch.allclose(s.pred_score, expect, atol=1e-6)
    # training on several clips repeats the labels
    model.train()
    loss = model(**data, mode='loss')['loss_cls']
    assert torch.isfinite(loss)


@pytest.mark.parametrize('limb', [False, True])
def test_on_device_heatmaps_equal_the_transform(limb):
    rng = np.random.default_rng(0)
    n, m, t = 2, 2, 6
    kp = np.stack([rng.uniform(-3, 27, (n, m, t, 17)),
                   rng.uniform(-3, 23, (n, m, t, 17))], -1).astype('f4')
    score = rng.uniform(0, 1, (n, m, t, 17)).astype('f4')
    score[..., 4] = 1e-4
    gen = GeneratePoseTarget(with_kp=not limb, with_limb=limb, double=True)
    expect = np.concatenate([
        gen(dict(keypoint=kp[i], keypoint_score=score[i], img_shape=(20, 24),
                 num_clips=2))['imgs'] for i in range(n)])
    pre = PoseVolumeDataPreprocessor(generate=dict(
        shape=(20, 24), with_kp=not limb, with_limb=limb, num_clips=2,
        double=True))
    inputs = [torch.from_numpy(np.concatenate([kp[i], score[i][..., None]],
                                              -1)) for i in range(n)]
    out = pre(dict(inputs=inputs, data_samples=None))['inputs']
    assert out.shape == expect.shape == (8, 17, 3, 20, 24)
    np.testing.assert_allclose(out.numpy(), expect, atol=2e-6)
    with pytest.raises(ValueError, match='exactly one'):
        PoseVolumeDataPreprocessor(generate=dict(shape=(8, 8),
                                                 with_limb=True))
