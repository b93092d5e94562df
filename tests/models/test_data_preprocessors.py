"""Data preprocessors: views are recognised by their explicit marking
(skelact.structures.views), never by tensor rank, through mmengine's
collate functions; the volume preprocessor stacks (C, T, H, W) samples."""
import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate, pseudo_collate

from skelact.models.data_preprocessors.base import build_data_preprocessor
from skelact.models.data_preprocessors.skeleton import \
    SkeletonDataPreprocessor
from skelact.models.data_preprocessors.volume import VolumeDataPreprocessor
from skelact.registry import TRANSFORMS
from skelact.streams import to_stream
from skelact.structures import ActionDataSample, Views, pack_views


def _record(seed, t=6):
    rng = np.random.default_rng(seed)
    return dict(keypoint=rng.normal(size=(2, t, 25, 3)).astype(np.float32),
                label=seed % 3, total_frames=t)


def _samples(num_views, n=3):
    pack = TRANSFORMS.build(dict(type='PackSkeletonInputs'))
    out = []
    for i in range(n):
        rec = _record(i)
        if num_views:
            rec['keypoint'] = Views(rec['keypoint'] * (v + 1)
                                    for v in range(num_views))
        out.append(pack(rec))
    return out


@pytest.mark.parametrize('collate', [pseudo_collate, default_collate])
def test_single_view_through_collate(collate):
    samples = _samples(0)
    data = SkeletonDataPreprocessor(stream='motion')(collate(samples))
    x = data['inputs']
    assert isinstance(x, torch.Tensor) and x.shape == (3, 2, 6, 25, 3)
    ref = torch.stack([s['inputs'] for s in samples])
    torch.testing.assert_close(x, to_stream(ref, 'motion'))
    assert len(data['data_samples']) == 3


@pytest.mark.parametrize('collate', [pseudo_collate, default_collate])
def test_multi_view_survives_collate(collate):
    samples = _samples(3)
    batch = collate(samples)
    assert set(batch['inputs']) == {'views'}
    out = SkeletonDataPreprocessor(stream='bone')(batch)['inputs']
    assert isinstance(out, list) and len(out) == 3
    for v in range(3):
        ref = torch.stack([s['inputs']['views'][v] for s in samples])
        torch.testing.assert_close(out[v], to_stream(ref, 'bone'))


def test_lists_of_batches_are_not_taken_as_views():
    # the old rank guess took a list of 5-D tensors for views; unmarked,
    # it is one view of 5-D samples, which a skeleton batch cannot be
    x = [torch.randn(3, 2, 6, 25, 3) for _ in range(2)]
    with pytest.raises(ValueError, match=r"\(N, M, T, V, C\).*'views'"):
        SkeletonDataPreprocessor()(dict(inputs=x))
    out = SkeletonDataPreprocessor()(dict(inputs=pack_views(x)))['inputs']
    assert [v.shape for v in out] == [(3, 2, 6, 25, 3)] * 2


def test_pack_refuses_unmarked_lists():
    rec = _record(0)
    rec['keypoint'] = [rec['keypoint']] * 2
    with pytest.raises(ValueError, match='MultiView'):
        TRANSFORMS.build(dict(type='PackSkeletonInputs'))(rec)


def test_a_5d_single_view_volume_is_not_taken_as_views():
    # heatmap volumes (N, K, T, H, W): a batch tensor and per-sample lists
    vol = torch.rand(2, 17, 4, 8, 8)
    pre = VolumeDataPreprocessor()
    out = pre(dict(inputs=vol))['inputs']
    assert isinstance(out, torch.Tensor)
    torch.testing.assert_close(out, vol)
    out = pre(pseudo_collate([dict(inputs=v) for v in vol]))['inputs']
    assert isinstance(out, torch.Tensor) and out.shape == (2, 17, 4, 8, 8)
    # numpy samples and a skeleton batch of the same rank
    out = pre(dict(inputs=[v.numpy() for v in vol]))['inputs']
    torch.testing.assert_close(out, vol)
    skel = torch.randn(2, 1, 6, 25, 3)
    out = SkeletonDataPreprocessor()(dict(inputs=skel))['inputs']
    assert isinstance(out, torch.Tensor) and torch.equal(out, skel)


@pytest.mark.parametrize('collate', [pseudo_collate, default_collate])
def test_volume_views(collate):
    gen = torch.Generator().manual_seed(0)
    samples = [dict(inputs=pack_views(torch.rand(3, 4, 8, 8, generator=gen)
                                      for _ in range(2)),
                    data_samples=ActionDataSample().set_gt_label(0))
               for _ in range(5)]
    out = VolumeDataPreprocessor()(collate(samples))['inputs']
    assert isinstance(out, list) and len(out) == 2
    torch.testing.assert_close(
        out[1], torch.stack([s['inputs']['views'][1] for s in samples]))


def test_volume_normalisation_and_errors():
    x = torch.rand(2, 3, 4, 8, 8)
    pre = VolumeDataPreprocessor(mean=[0.5, 0.4, 0.3], std=[0.2, 0.2, 0.1])
    out = pre(dict(inputs=x))['inputs']
    mean = torch.tensor([0.5, 0.4, 0.3]).view(1, 3, 1, 1, 1)
    std = torch.tensor([0.2, 0.2, 0.1]).view(1, 3, 1, 1, 1)
    torch.testing.assert_close(out, (x - mean) / std)
    assert 'mean' not in pre.state_dict()  # config, not checkpoint state
    with pytest.raises(ValueError, match='channels'):
        pre(dict(inputs=torch.rand(2, 17, 4, 8, 8)))
    with pytest.raises(ValueError, match='both'):
        VolumeDataPreprocessor(mean=[0.5])
    with pytest.raises(ValueError, match=r'\(N, C, T, H, W\)'):
        VolumeDataPreprocessor()(dict(inputs=torch.rand(2, 4, 8, 8)))
    with pytest.raises(ValueError, match='different shapes'):
        VolumeDataPreprocessor()(dict(inputs=[torch.rand(3, 4, 8, 8),
                                              torch.rand(3, 5, 8, 8)]))


def test_build_is_generic():
    assert isinstance(build_data_preprocessor(None),
                      SkeletonDataPreprocessor)
    vol = build_data_preprocessor(dict(type='VolumeDataPreprocessor'))
    assert isinstance(vol, VolumeDataPreprocessor)
    assert build_data_preprocessor(vol) is vol


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a GPU')
def test_moves_views_to_the_device():
    pre = VolumeDataPreprocessor(mean=[0.5], std=[0.5]).cuda()
    out = pre(dict(inputs=pack_views([torch.rand(2, 1, 4, 8, 8)] * 2)))
    assert all(v.is_cuda for v in out['inputs'])
    skel = SkeletonDataPreprocessor(stream='bone').cuda()
    out = skel(default_collate(_samples(2)))['inputs']
    assert all(v.is_cuda and v.shape == (3, 2, 6, 25, 3) for v in out)
