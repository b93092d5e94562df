"""AimCLRNormalize: the AimCLR / CrosSCLR preparation as one transform."""
import numpy as np
import pytest

from skelact.datasets.transforms import AimCLRNormalize
from skelact.registry import TRANSFORMS


def _record(m=2, t=120, valid=(90, 90), seed=0):
    """Persons turning slowly about y, zero-padded after ``valid``."""
    rng = np.random.default_rng(seed)
    kp = np.zeros((m, t, 25, 3), np.float32)
    for p in range(m):
        n = valid[p]
        pose = rng.normal(size=(25, 3)) * 0.3
        pose[4], pose[8] = (-0.2, 0.4, 0), (0.2, 0.4, 0)   # shoulders
        yaw = np.linspace(0, 1.2, n) + rng.uniform(-3, 3)
        c, s = np.cos(yaw), np.sin(yaw)
        x = c[:, None] * pose[:, 0] + s[:, None] * pose[:, 2]
        z = -s[:, None] * pose[:, 0] + c[:, None] * pose[:, 2]
        y = np.broadcast_to(pose[:, 1], x.shape)
        kp[p, :n] = np.stack([x, y, z], -1) + rng.normal(size=3) * 2
        kp[p, :n] += rng.normal(0, 0.01, (n, 25, 3))
    return dict(keypoint=kp, total_frames=t)


def _authors(kp, length=50):
    """An independent numpy reading of the authors' NTUMotionProcessor
    (relative, resize, y_rotation), on (M, T, V, C)."""
    kp = kp.astype(np.float64)
    # 'relative': every person's joint 20, frame by frame
    kp = kp - kp[:, :, 20:21]
    # 'resize': cv2.resize INTER_LINEAR of the valid frames (half-pixel
    # centres, clamped at the borders) of the first n frames, n = frames in
    # which person 0's joint 0 is non-zero -- np.interp at the positions
    n = int((np.abs(kp[0, :, 0]).sum(-1) != 0).sum())
    src = np.clip((np.arange(length) + 0.5) * n / length - 0.5, 0, n - 1)
    out = np.empty((kp.shape[0], length) + kp.shape[2:])
    for p in range(kp.shape[0]):
        for v in range(kp.shape[2]):
            for c in range(kp.shape[3]):
                out[p, :, v, c] = np.interp(src, np.arange(n),
                                            kp[p, :n, v, c])
    # 'y_rotation': per person and frame, arccos angle, one sign per person
    for p in range(out.shape[0]):
        vec = out[p, :, 8] - out[p, :, 4]
        vec[:, 1] = 0
        theta = np.arccos(vec[:, 0] / (np.linalg.norm(vec, axis=1) + 1e-4))
        if vec[:, 2].sum() >= 0:
            theta = -theta
        for t in range(length):
            c, s = np.cos(theta[t]), np.sin(theta[t])
            rot = np.array([[c, 0, -s], [0, 1, 0], [s, 0, c]])
            out[p, t] = out[p, t] @ rot.T
    return out


def test_defaults_reproduce_the_authors():
    rec = _record()
    out = AimCLRNormalize()(dict(rec, keypoint=rec['keypoint'].copy()))
    assert out['keypoint'].shape == (2, 50, 25, 3)
    assert out['keypoint'].dtype == np.float32
    assert out['total_frames'] == 50
    np.testing.assert_allclose(out['keypoint'], _authors(rec['keypoint']),
                               atol=2e-5)
    # the centre joint is the origin and the shoulders lie along x
    np.testing.assert_allclose(out['keypoint'][:, :, 20], 0, atol=1e-5)


def test_length_rule_authors_counts_the_first_persons_frames():
    """The authors resize as many frames as person 0's joint 0 is non-zero
    in, even when person 1 goes on longer; 'last' keeps every frame with
    data."""
    rec = _record(valid=(60, 90))
    authors = AimCLRNormalize()(dict(rec, keypoint=rec['keypoint'].copy()))
    np.testing.assert_allclose(authors['keypoint'],
                               _authors(rec['keypoint']), atol=2e-5)
    last = AimCLRNormalize(length_rule='last')(
        dict(rec, keypoint=rec['keypoint'].copy()))
    ref = dict(rec, keypoint=rec['keypoint'][:, :90].copy())
    for t in (dict(type='CenterJoint', joint=20),
              dict(type='ResizeFrames', length=50),
              dict(type='AlignShoulders', mode='frame')):
        ref = TRANSFORMS.build(t)(ref)
    np.testing.assert_array_equal(last['keypoint'], ref['keypoint'])
    assert not np.allclose(last['keypoint'], authors['keypoint'], atol=1e-3)
    with pytest.raises(ValueError, match='length_rule'):
        AimCLRNormalize(length_rule='first')


def test_defaults_are_center_resize_rotate_in_that_order():
    rec = _record(valid=(90, 60))
    out = TRANSFORMS.build(dict(type='AimCLRNormalize'))(
        dict(rec, keypoint=rec['keypoint'].copy()))['keypoint']
    ref = dict(rec, keypoint=rec['keypoint'].copy())
    for t in (dict(type='CenterJoint', joint=20),
              dict(type='ResizeFrames', length=50, length_rule='authors'),
              dict(type='AlignShoulders', mode='frame')):
        ref = TRANSFORMS.build(t)(ref)
    np.testing.assert_array_equal(out, ref['keypoint'])
    # rotating before resizing is a different reading
    swapped = AimCLRNormalize(rotate_before_resize=True)(
        dict(rec, keypoint=rec['keypoint'].copy()))['keypoint']
    assert not np.allclose(swapped, out, atol=1e-4)


def test_synthetic_reading_keeps_the_three_step_recipe():
    """The synthetic configs' reading equals the recipe they used before
    (CenterJoint, AlignShoulders(mode='first'), ResizeFrames(32))."""
    from skelact.datasets.synthetic import generate_synthetic
    recs = generate_synthetic(num_classes=10, num_subjects=4,
                              samples_per_class_subject_camera=1,
                              min_frames=30, max_frames=60)
    norm = TRANSFORMS.build(dict(type='AimCLRNormalize', length=32,
                                 rotation='first',
                                 rotate_before_resize=True,
                                 length_rule='last'))
    steps = [TRANSFORMS.build(t) for t in (
        dict(type='CenterJoint', joint=20),
        dict(type='AlignShoulders', mode='first'),
        dict(type='ResizeFrames', length=32))]
    for rec in recs[::7]:
        a = norm(dict(rec, keypoint=rec['keypoint'].copy()))
        b = dict(rec, keypoint=rec['keypoint'].copy())
        for s in steps:
            b = s(b)
        np.testing.assert_array_equal(a['keypoint'], b['keypoint'])
        assert a['total_frames'] == b['total_frames'] == 32


def test_each_step_can_be_switched_off():
    rec = _record()
    only_resize = AimCLRNormalize(length=20, center_joint=None,
                                  rotation=None)(
        dict(rec, keypoint=rec['keypoint'].copy()))
    ref = TRANSFORMS.build(dict(type='ResizeFrames', length=20))(
        dict(rec, keypoint=rec['keypoint'].copy()))
    np.testing.assert_array_equal(only_resize['keypoint'], ref['keypoint'])
    exact = AimCLRNormalize(exact_sign=True)(
        dict(rec, keypoint=rec['keypoint'].copy()))['keypoint']
    v = exact[:, :, 8] - exact[:, :, 4]
    np.testing.assert_allclose(v[..., 2], 0, atol=1e-4)
    assert np.all(v[..., 0] > 0)


def test_no_resize_keeps_the_frames():
    """length=None: centre and rotate only (the MotionBERT synthetic
    config's CenterJoint + AlignShoulders(mode='first'))."""
    rec = _record(valid=(90, 60))
    out = AimCLRNormalize(length=None, rotation='first')(
        dict(rec, keypoint=rec['keypoint'].copy()))
    ref = dict(rec, keypoint=rec['keypoint'].copy())
    for t in (dict(type='CenterJoint', joint=20),
              dict(type='AlignShoulders', mode='first')):
        ref = TRANSFORMS.build(t)(ref)
    np.testing.assert_array_equal(out['keypoint'], ref['keypoint'])
    assert out['total_frames'] == rec['total_frames']


def test_bad_rotation_named():
    with pytest.raises(ValueError, match='rotation must be'):
        AimCLRNormalize(rotation='per-frame')
