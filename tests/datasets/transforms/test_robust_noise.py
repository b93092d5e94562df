"""The seed's (002) noise model: std = alpha * S * total_difference,
seeded evaluation noise, and the views of the noise-robust pipeline."""
import numpy as np
import pytest

from skelact.datasets.transforms import (MotionScaledNoise, MultiView,
                                         PackVolumeViews, body_motion,
                                         total_difference_range)
from skelact.structures import is_packed_views


def _record(kp, name='S001C001P001R001A001', shape=(1080, 1920)):
    return dict(keypoint=kp.astype(np.float32), img_shape=shape,
                sample_name=name)


def _walk(frames=40, joints=17, persons=1):
    """Every joint moves alike (whole-body translation)."""
    base = np.random.default_rng(0).uniform(500, 900, (persons, 1, joints, 2))
    step = np.zeros((persons, frames, joints, 2))
    step[..., 0] = np.arange(frames)[None, :, None] * 5.
    return base + step


def _hands(frames=40, joints=17):
    """Only joint 9 (a COCO wrist) moves, up and down."""
    kp = np.tile(np.random.default_rng(1).uniform(500, 900, (1, 1, joints, 2)),
                 (1, frames, 1, 1))
    kp[0, :, 9, 1] += 30 * np.sin(np.arange(frames))
    return kp


def test_body_motion_whole_body_hands_still():
    kp = _walk()
    present = np.ones(kp.shape[:-1], bool)
    assert body_motion(kp, present) == pytest.approx(1.0)
    hands = _hands()
    # one joint of 17 moves: 1 / 17
    assert body_motion(hands, np.ones(hands.shape[:-1], bool)) == \
        pytest.approx(1 / 17)
    still = np.repeat(kp[:, :1], 10, axis=1)
    assert body_motion(still, np.ones(still.shape[:-1], bool)) == 0.0
    jitter = still + np.random.default_rng(2).normal(0, 1, still.shape)
    assert body_motion(jitter, np.ones(still.shape[:-1], bool)) < 0.2
    # the two hands in opposite directions: the body does not move
    both = _hands()
    both[0, :, 10, 1] -= 30 * np.sin(np.arange(40))
    assert body_motion(both, np.ones(both.shape[:-1], bool)) < 1e-6


def _noise(t, rec):
    out = t(dict(rec, keypoint=rec['keypoint'].copy()))
    return out['keypoint'] - rec['keypoint'], out


@pytest.mark.parametrize('td', ['constant', 'body_motion'])
def test_std_scales_with_alpha_and_total_difference(td):
    rec = _record(_walk(frames=200, joints=17, persons=2))
    d1, out1 = _noise(MotionScaledNoise(0.01, total_difference=td, seed=0),
                      rec)
    d2, out2 = _noise(MotionScaledNoise(0.03, total_difference=td, seed=0),
                      rec)
    # the same draw, scaled: every model and alpha see the same noise shape
    np.testing.assert_allclose(d2, 3 * d1, rtol=1e-4, atol=1e-3)
    assert out1['total_difference'] == pytest.approx(1.0)
    assert out1['noise_std'] == pytest.approx(0.01 * 1920)
    assert d1.std() == pytest.approx(0.01 * 1920, rel=0.05)
    assert abs(d1.mean()) < 1.0


def test_std_follows_total_difference():
    rec = _record(_hands(frames=400))
    t = MotionScaledNoise(0.02, seed=0)
    d, out = _noise(t, rec)
    td = out['total_difference']
    assert td == pytest.approx(1 / 17)
    assert out['noise_std'] == pytest.approx(0.02 * 1920 * td)
    assert d.std() == pytest.approx(0.02 * 1920 * td, rel=0.05)
    # 'displacement': mean per-frame displacement / S, min-max normalised
    raw = np.abs(np.diff(rec['keypoint'], axis=1)).max()  # just a scale
    assert raw > 0
    lo, hi = total_difference_range([rec, _record(_walk())])
    t2 = MotionScaledNoise(0.02, total_difference='displacement',
                           td_range=(lo, hi), seed=0)
    assert t2.std(rec)[1] in (0.0, 1.0)
    assert t2.std(_record(_walk()))[1] in (0.0, 1.0)
    assert t2.std(rec)[1] != t2.std(_record(_walk()))[1]
    mid = MotionScaledNoise(0.02, total_difference='displacement',
                            td_range=(lo - (hi - lo), hi + (hi - lo)))
    assert 0 < mid.std(rec)[1] < mid.std(_record(_walk()))[1] < 1


def test_size_choices():
    rec = _record(_walk(), shape=(300, 400))
    assert MotionScaledNoise(0.1, total_difference='constant').std(rec)[0] \
        == pytest.approx(40.)
    assert MotionScaledNoise(0.1, 'diagonal', 'constant').std(rec)[0] == \
        pytest.approx(50.)
    assert MotionScaledNoise(0.1, 2.0, 'constant').std(rec)[0] == \
        pytest.approx(0.2)


def test_seeded_noise_depends_on_the_sample_not_the_call():
    t = MotionScaledNoise(0.01, total_difference='constant', seed=3)
    rec = _record(_walk())
    a, _ = _noise(t, rec)
    b, _ = _noise(t, rec)
    np.testing.assert_array_equal(a, b)
    c, _ = _noise(t, _record(_walk(), name='S001C001P001R001A002'))
    assert not np.allclose(a, c)
    d, _ = _noise(MotionScaledNoise(0.01, total_difference='constant',
                                    seed=4), rec)
    assert not np.allclose(a, d)
    # unseeded (training): numpy's global state
    np.random.seed(0)
    e, _ = _noise(MotionScaledNoise(0.01, total_difference='constant'), rec)
    np.random.seed(0)
    f, _ = _noise(MotionScaledNoise(0.01, total_difference='constant'), rec)
    np.testing.assert_array_equal(e, f)


def test_missing_keypoints_stay_missing_and_alpha_zero_is_identity():
    kp = _walk()
    kp[0, 3:6, 4] = 0
    rec = _record(kp)
    d, out = _noise(MotionScaledNoise(0.05, total_difference='constant',
                                      seed=0), rec)
    assert (out['keypoint'][0, 3:6, 4] == 0).all()
    assert np.abs(d[0, 7]).sum() > 0
    d0, _ = _noise(MotionScaledNoise(0., seed=0), rec)
    assert not d0.any()


def test_bad_input_is_named():
    with pytest.raises(ValueError, match='alpha must be >= 0'):
        MotionScaledNoise(-0.01)
    with pytest.raises(ValueError, match='alpha'):
        MotionScaledNoise('a lot')
    with pytest.raises(ValueError, match='td_range'):
        MotionScaledNoise(0.01, total_difference='displacement')
    with pytest.raises(ValueError, match="one of \\['body_motion'"):
        MotionScaledNoise(0.01, total_difference='speed')
    with pytest.raises(ValueError, match='size'):
        MotionScaledNoise(0.01, size='height')
    rec = _record(_walk())
    del rec['img_shape']
    with pytest.raises(KeyError, match='img_shape'):
        MotionScaledNoise(0.01)(rec)
    rec = _record(_walk())
    del rec['sample_name']
    with pytest.raises(KeyError, match='sample_name'):
        MotionScaledNoise(0.01, seed=0)(rec)


def test_clean_and_noisy_volume_views():
    """MultiView(keys=('imgs',)) + PackVolumeViews: two packed views of
    the same sample, the second noisy."""
    def to_volume(results):
        results['imgs'] = results['keypoint'].transpose(3, 1, 2, 0)[None]
        return results
    mv = MultiView(transforms=[[to_volume],
                               [dict(type='MotionScaledNoise', alpha=0.01,
                                     total_difference='constant', seed=0),
                                to_volume]],
                   num_views=[1, 1], keys=('imgs',))
    out = PackVolumeViews()(mv(dict(_record(_walk()), label=2)))
    assert is_packed_views(out['inputs'])
    clean, noisy = out['inputs']['views']
    assert clean.shape == noisy.shape == (1, 2, 40, 17, 1)
    assert (clean - noisy).abs().mean() > 1
    assert out['data_samples'].gt_label.item() == 2
    assert out['data_samples'].metainfo['num_clips'] == 1
