"""The batched augmentations (augment_on='device') against the per-sample
transforms: the distributions of their random parameters and of their
outputs agree (not bit equality), and the preprocessor makes the views."""
import numpy as np
import pytest
import torch
from mmengine.config import Config

from skelact.datasets.transforms import (AxisMask, GaussianBlur,
                                         GaussianNoise, RandomRotate,
                                         RandomTemporalCrop, Shear,
                                         SpatialFlip, TemporalFlip)
from skelact.models.data_preprocessors import (DeviceAugmentPreprocessor,
                                               apply_augment_on,
                                               build_batch_augment)
from skelact.models.data_preprocessors import batch_augment as B

N = 400  # samples per distribution


def _sample(t=12):
    rng = np.random.default_rng(0)
    return rng.normal(0, 1, size=(1, t, 25, 3)).astype('f4')


def _per_sample(transform, kp, n=N, seed=0):
    np.random.seed(seed)
    return np.stack([transform(dict(keypoint=kp.copy()))['keypoint']
                     for _ in range(n)])


def _batched(aug, kp, n=N, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.from_numpy(kp)[None].expand(n, *kp.shape).contiguous()
    return aug(x, g).numpy()


def _close_moments(a, b, tol):
    """Mean and std per entry, averaged over entries, within ``tol``."""
    assert a.shape == b.shape
    assert abs(a.mean() - b.mean()) < tol
    assert np.abs(a.mean(0) - b.mean(0)).mean() < tol
    assert np.abs(a.std(0) - b.std(0)).mean() < tol


def test_crop_start_is_uniform_like_the_per_sample_crop():
    t = 12
    kp = np.broadcast_to(np.arange(t, dtype='f4')[None, :, None, None],
                         (1, t, 25, 3)).copy()
    ours = _batched(B.RandomTemporalCrop(6), kp)
    ref = _per_sample(RandomTemporalCrop(6), kp)
    # every output is a window of the symmetric-padded frame index
    idx = np.pad(np.arange(t), 2, mode='symmetric')
    windows = {tuple(idx[s:s + t]) for s in range(5)}
    starts = []
    for out in (ours, ref):
        seen = [tuple(o[0, :, 0, 0].astype(int)) for o in out]
        assert set(seen) <= windows
        starts.append(np.bincount([sorted(windows).index(w) for w in seen],
                                  minlength=5) / len(seen))
    assert np.abs(starts[0] - 0.2).max() < 0.07
    assert np.abs(starts[1] - 0.2).max() < 0.07


def test_shear_matrix_entries_uniform():
    kp = np.zeros((1, 1, 3, 3), 'f4')
    kp[0, 0] = np.eye(3)  # joint j = unit vector e_j: output = S[:, j]
    out = _batched(B.Shear(0.5), kp, n=2000)
    mats = out[:, 0, 0].transpose(0, 2, 1)  # (n, 3, 3), column j = S e_j
    assert np.allclose(mats[:, range(3), range(3)], 1)
    off = mats[:, ~np.eye(3, dtype=bool)]
    assert off.min() >= -0.5 and off.max() <= 0.5
    assert abs(off.mean()) < 0.02 and abs(off.var() - 1 / 12) < 0.01
    ref = _per_sample(Shear(0.5), kp, n=2000)
    _close_moments(out, ref, 0.03)


def test_rotation_angles_and_outputs():
    kp = _sample()
    ours = _batched(B.RandomRotate(), kp)
    ref = _per_sample(RandomRotate(), kp)
    # rotations keep the length of every point
    norm = np.linalg.norm(kp, axis=-1)
    assert np.allclose(np.linalg.norm(ours, axis=-1), norm[None], atol=1e-5)
    _close_moments(ours, ref, 0.03)
    # the main axis of each sample: the batched R equals the reference
    # matrix of its own angles
    from skelact.datasets.transforms.spatial import rotation_matrix
    for axis in range(3):
        ang = torch.tensor([0.3], dtype=torch.float64)
        assert np.allclose(B.rotation_matrices(axis, ang)[0].numpy(),
                           rotation_matrix(axis, 0.3))


@pytest.mark.parametrize('name', ['flip', 'axis', 'noise', 'blur', 'tflip'])
def test_coin_transforms_match(name):
    kp = _sample()
    pairs = dict(flip=(B.SpatialFlip(), SpatialFlip()),
                 axis=(B.AxisMask(), AxisMask()),
                 noise=(B.GaussianNoise(std=0.1), GaussianNoise(std=0.1)),
                 blur=(B.GaussianBlur(), GaussianBlur()),
                 tflip=(B.TemporalFlip(), TemporalFlip()))
    ours_t, ref_t = pairs[name]
    ours, ref = _batched(ours_t, kp), _per_sample(ref_t, kp)
    tol = 0.15 if name == 'blur' else 0.05  # blur scales by up to 5
    _close_moments(ours, ref, tol)
    changed = [np.mean(np.abs(o - kp).reshape(N, -1).max(1) > 1e-6)
               for o in (ours, ref)]
    assert abs(changed[0] - 0.5) < 0.08 and abs(changed[1] - 0.5) < 0.08


def test_blur_taps_are_the_per_sample_filter():
    kp = _sample()
    g = torch.Generator().manual_seed(3)
    aug = B.GaussianBlur(p=1.0, sigma_range=(1.0, 1.0))
    ours = aug(torch.from_numpy(kp)[None], g)[0].numpy()
    from skelact.datasets.transforms.noise import (gaussian_kernel,
                                                   temporal_filter)
    ref = temporal_filter(kp, gaussian_kernel(15, 1.0))
    assert np.allclose(ours, ref, atol=1e-4)


def test_whole_extreme_pipeline_moments():
    from skelact.datasets.transforms.wrappers import build_pipeline
    cfg = Config.fromfile('configs/_base_/pipelines/contrastive_views.py')
    kp = _sample()
    ours = _batched(build_batch_augment(cfg.extreme_aug), kp, n=200)
    pipe = build_pipeline(cfg.extreme_aug)
    ref = _per_sample(pipe, kp, n=200)
    assert np.isfinite(ours).all()
    _close_moments(ours / ref.std(), ref / ref.std(), 0.1)


def test_unsupported_transform_named():
    with pytest.raises(ValueError, match=r"views\[1\]\[0\]: 'Mixup'"):
        build_batch_augment([dict(type='Mixup')], 'views[1]')
    with pytest.raises(ValueError, match='Shear'):
        build_batch_augment([dict(type='Shear', amplitud=0.5)])


def test_preprocessor_views_and_config_rewrite():
    cfg = Config.fromfile('configs/aimclr/stgcn_synthetic_xsub.py')
    cfg.augment_on = 'device'
    apply_augment_on(cfg)
    pipe = cfg.train_dataloader.dataset.pipeline
    assert not any(t['type'] == 'MultiView' for t in pipe)
    pre_cfg = cfg.model.data_preprocessor
    assert pre_cfg.type == 'DeviceAugmentPreprocessor'
    assert pre_cfg.num_views == [1, 2]
    pre_cfg = dict(pre_cfg)
    pre_cfg.pop('type')
    pre = DeviceAugmentPreprocessor(**pre_cfg)
    x = [torch.randn(2, 12, 25, 3) for _ in range(4)]
    out = pre(dict(inputs=x), training=True)['inputs']
    assert len(out) == 3 and all(v.shape == (4, 2, 12, 25, 3) for v in out)
    assert not torch.equal(out[1], out[2])  # two draws of the normal view
    again = pre(dict(inputs=x), training=True)['inputs']
    assert all(torch.equal(a, b) for a, b in zip(out, again))  # seeded
    assert pre(dict(inputs=x))['inputs'].shape == (4, 2, 12, 25, 3)
    bad = Config(dict(augment_on='gpu'))
    with pytest.raises(ValueError, match="augment_on: expected one of"):
        apply_augment_on(bad)
