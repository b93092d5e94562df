"""NTU normalisation: centre joint, shoulder alignment, resize, padding."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from skelact.datasets.transforms.preprocessing import rotation_to, valid_length
from skelact.registry import TRANSFORMS


def _skeleton_record(m=2, t=40, valid=(30, 20), seed=0):
    """Persons with trailing zero padding and a random heading."""
    rng = np.random.default_rng(seed)
    kp = np.zeros((m, t, 25, 3), np.float32)
    for p in range(m):
        n = valid[p]
        kp[p, :n] = rng.normal(size=(n, 25, 3)) + rng.normal(size=3) * 3
    score = (kp != 0).any(-1).astype(np.float32) * 0.9
    return dict(keypoint=kp, keypoint_score=score, total_frames=t)


@pytest.mark.parametrize('reference', ['self', 'first'])
def test_center_joint(reference):
    rec = _skeleton_record()
    kp = rec['keypoint'].copy()
    out = TRANSFORMS.build(dict(type='CenterJoint', joint=20,
                                reference=reference))(rec)['keypoint']
    # the reference person's centre joint is the origin in its valid frames
    np.testing.assert_allclose(out[0, :30, 20], 0, atol=1e-6)
    # padding frames stay zero
    assert np.all(out[0, 30:] == 0) and np.all(out[1, 20:] == 0)
    if reference == 'self':
        np.testing.assert_allclose(out[1, :20, 20], 0, atol=1e-6)
        np.testing.assert_allclose(out[1, :20], kp[1, :20] - kp[1, :20, 20:21],
                                   atol=1e-5)
    else:
        np.testing.assert_allclose(out[1, :20], kp[1, :20] - kp[0, :20, 20:21],
                                   atol=1e-5)
    assert out.dtype == np.float32


def test_center_joint_keeps_absent_joints_zero():
    rec = _skeleton_record()
    rec['keypoint'][0, 3, 7] = 0
    out = TRANSFORMS.build(dict(type='CenterJoint'))(rec)['keypoint']
    assert np.all(out[0, 3, 7] == 0)


def _shoulder_angle(kp, p, t):
    v = kp[p, t, 8] - kp[p, t, 4]
    return np.arctan2(v[2], v[0])


def test_align_shoulders_first_mode():
    rec = _skeleton_record()
    kp = rec['keypoint'].copy()
    out = TRANSFORMS.build(dict(type='AlignShoulders',
                                mode='first'))(rec)['keypoint']
    v = out[0, 0, 8] - out[0, 0, 4]
    assert abs(v[2]) < 1e-5 and v[0] > 0          # right - left along +x
    np.testing.assert_allclose(out[..., 1], kp[..., 1])  # y untouched
    # one rigid rotation: distances preserved, padding stays zero
    np.testing.assert_allclose(np.linalg.norm(out[0, 5, 3] - out[1, 5, 9]),
                               np.linalg.norm(kp[0, 5, 3] - kp[1, 5, 9]),
                               rtol=1e-5)
    assert np.all(out[0, 30:] == 0)


def test_align_shoulders_frame_mode_authors_sign():
    rec = _skeleton_record()
    kp = rec['keypoint'].copy()
    exact = TRANSFORMS.build(dict(type='AlignShoulders', exact_sign=True))(
        dict(keypoint=kp.copy()))['keypoint']
    for p, n in ((0, 30), (1, 20)):
        v = exact[p, :n, 8] - exact[p, :n, 4]
        np.testing.assert_allclose(v[:, 2], 0, atol=1e-4)
        assert np.all(v[:, 0] > 0)
    # authors' variant: per-frame angle arccos(v_x / (|v_xz| + 1e-4)), one
    # sign for the sequence (negated when sum_t v_z >= 0), p <- R_y p
    out = TRANSFORMS.build(dict(type='AlignShoulders'))(rec)['keypoint']
    for p in range(2):
        v = (kp[p, :, 8] - kp[p, :, 4]).astype(np.float64)
        theta = np.arccos(v[:, 0] / (np.hypot(v[:, 0], v[:, 2]) + 1e-4))
        if v[:, 2].sum() >= 0:
            theta = -theta
        for t in range(kp.shape[1]):
            c, s_ = np.cos(theta[t]), np.sin(theta[t])
            r = np.array([[c, 0, -s_], [0, 1, 0], [s_, 0, c]])
            np.testing.assert_allclose(out[p, t], kp[p, t] @ r.T, atol=1e-5)
        vz = v[:30 if p == 0 else 20, 2]
        agree = np.sign(vz) == (1 if vz.sum() >= 0 else -1)
        new_v = out[p, :len(vz), 8] - out[p, :len(vz), 4]
        # frames whose v_z has the other sign are not aligned (authors' quirk)
        if (~agree).any():
            assert np.all(np.abs(new_v[~agree, 2]) > 1e-3)
    norm = np.linalg.norm(out[0, :30] - out[0, :30, :1], axis=-1)
    np.testing.assert_allclose(
        norm, np.linalg.norm(kp[0, :30] - kp[0, :30, :1], axis=-1), rtol=1e-4)


def test_align_axes_pre_normalization():
    rec = _skeleton_record()
    out = TRANSFORMS.build(dict(type='AlignAxes', xaxis=None))(
        dict(keypoint=rec['keypoint'].copy()))['keypoint']
    v = out[0, 0, 1] - out[0, 0, 0]
    np.testing.assert_allclose(v[:2], 0, atol=1e-5)
    assert v[2] > 0
    out = TRANSFORMS.build(dict(type='AlignAxes'))(rec)['keypoint']
    v = out[0, 0, 8] - out[0, 0, 4]
    np.testing.assert_allclose(v[1:], 0, atol=1e-5)
    assert v[0] > 0
    for vec in ([1, 2, 3], [-1, 0, 0], [0, 0, 5]):
        r = rotation_to(vec, [1, 0, 0])
        np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
        np.testing.assert_allclose(r @ np.asarray(vec, float),
                                   [np.linalg.norm(vec), 0, 0], atol=1e-12)


def test_resize_frames_drops_padding_and_matches_interpolate():
    rec = _skeleton_record(valid=(30, 20))
    kp = rec['keypoint'].copy()
    assert valid_length(kp) == 30
    out = TRANSFORMS.build(dict(type='ResizeFrames', length=50))(rec)
    assert out['keypoint'].shape == (2, 50, 25, 3)
    assert out['keypoint_score'].shape == (2, 50, 25)
    assert out['total_frames'] == 50
    # cv2 INTER_LINEAR == F.interpolate(linear, align_corners=False)
    x = torch.from_numpy(kp[:, :30]).permute(0, 2, 3, 1).reshape(-1, 1, 30)
    ref = F.interpolate(x.double(), size=50, mode='linear',
                        align_corners=False)
    ref = ref.reshape(2, 25, 3, 50).permute(0, 3, 1, 2).numpy()
    np.testing.assert_allclose(out['keypoint'], ref, atol=1e-5)
    # downsampling too
    rec = _skeleton_record(t=300, valid=(137, 90))
    kp = rec['keypoint'].copy()
    out = TRANSFORMS.build(dict(type='ResizeFrames', length=50))(rec)
    x = torch.from_numpy(kp[:, :137]).permute(0, 2, 3, 1).reshape(-1, 1, 137)
    ref = F.interpolate(x.double(), size=50, mode='linear',
                        align_corners=False)
    ref = ref.reshape(2, 25, 3, 50).permute(0, 3, 1, 2).numpy()
    np.testing.assert_allclose(out['keypoint'], ref, atol=1e-5)


def test_resize_frames_align_corners_endpoints():
    for valid in (20, 64, 133):
        rec = _skeleton_record(t=150, valid=(valid, 10))
        kp = rec['keypoint'].copy()
        out = TRANSFORMS.build(dict(type='ResizeFrames', length=50,
                                    align_corners=True))(rec)['keypoint']
        np.testing.assert_allclose(out[0, 0], kp[0, 0], atol=1e-6)
        np.testing.assert_allclose(out[0, -1], kp[0, valid - 1], atol=1e-6)
        # no zero padding frame leaks into the first person
        assert np.all(np.any(out[0] != 0, axis=(1, 2)))
    # a linear motion is resized exactly
    t = np.arange(37, dtype=np.float32)
    kp = np.zeros((1, 60, 2, 3), np.float32)
    kp[0, :37] = (t * 0.5 + 1)[:, None, None]
    out = TRANSFORMS.build(dict(type='ResizeFrames', length=50,
                                align_corners=True))(
        dict(keypoint=kp))['keypoint']
    np.testing.assert_allclose(out[0, :, 0, 0],
                               np.linspace(1, 19, 50), atol=1e-5)


def test_resize_frames_empty_sample():
    out = TRANSFORMS.build(dict(type='ResizeFrames', length=8))(
        dict(keypoint=np.zeros((2, 5, 25, 3), np.float32)))
    assert out['keypoint'].shape == (2, 8, 25, 3)
    assert np.all(out['keypoint'] == 0)


def test_pad_null_frames():
    kp = np.zeros((2, 10, 3, 3), np.float32)
    kp[0, 2:5] = np.arange(1, 4, dtype=np.float32)[:, None, None]  # 1, 2, 3
    score = (kp[..., 0] != 0).astype(np.float32) * np.arange(10)[:, None]
    out = TRANSFORMS.build(dict(type='PadNullFrames'))(
        dict(keypoint=kp, keypoint_score=score, total_frames=5))
    np.testing.assert_array_equal(out['keypoint'][0, :, 0, 0],
                                  [1, 2, 3, 1, 2, 3, 1, 2, 3, 1])
    np.testing.assert_array_equal(out['keypoint_score'][0, :, 0],
                                  [2, 3, 4, 2, 3, 4, 2, 3, 4, 2])
    assert np.all(out['keypoint'][1] == 0)   # absent person stays absent
    assert out['total_frames'] == 10


def test_authors_pipeline_end_to_end():
    rec = _skeleton_record(t=300, valid=(120, 120))
    for t in (dict(type='CenterJoint'), dict(type='ResizeFrames', length=50),
              dict(type='AlignShoulders', exact_sign=True)):
        rec = TRANSFORMS.build(t)(rec)
    kp = rec['keypoint']
    assert kp.shape == (2, 50, 25, 3) and kp.dtype == np.float32
    np.testing.assert_allclose(kp[:, :, 20], 0, atol=1e-5)
    v = kp[:, :, 8] - kp[:, :, 4]
    np.testing.assert_allclose(v[..., 2], 0, atol=1e-4)
