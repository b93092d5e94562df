import numpy as np
import pytest

from skelact.datasets.transforms.layout import (ConvertLayout,
                                                conversion_matrix)
from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout

COCO = get_layout('coco')
NTU = get_layout('nturgb+d')
H36M = get_layout('h36m')


def coco_pose():
    """One frame of a COCO pose with distinct, readable points (x, y, conf)."""
    pts = {
        'nose': (0, 10), 'left_eye': (1, 11), 'right_eye': (-1, 11),
        'left_ear': (2, 10), 'right_ear': (-2, 10),
        'left_shoulder': (4, 6), 'right_shoulder': (-4, 6),
        'left_elbow': (6, 2), 'right_elbow': (-6, 2),
        'left_wrist': (7, -2), 'right_wrist': (-7, -2),
        'left_hip': (2, -4), 'right_hip': (-2, -4),
        'left_knee': (2, -10), 'right_knee': (-2, -10),
        'left_ankle': (2, -16), 'right_ankle': (-2, -16)}
    kp = np.zeros((1, 1, 17, 3), np.float32)
    for name, (x, y) in pts.items():
        j = COCO.index(name)
        kp[0, 0, j] = (x, y, 0.5 + j / 100)
    return kp


def test_coco_to_h36m_known_points():
    kp = coco_pose()
    score = kp[..., 2].copy()
    out = ConvertLayout('coco', 'h36m')(
        dict(keypoint=kp.copy(), keypoint_score=score))
    y = out['keypoint'][0, 0]
    assert out['keypoint'].shape == (1, 1, 17, 3)
    assert out['layout'] == 'h36m'

    def at(name):
        return tuple(np.round(y[H36M.index(name), :2], 6))

    assert at('root') == (0, -4)            # mid-hip
    assert at('thorax') == (0, 6)           # mid-shoulder (MB: 'neck')
    assert at('spine') == (0, 1)            # (root + thorax) / 2 ('belly')
    assert at('neck_base') == (0, 10)       # nose (MB: 'nose')
    assert at('head') == (0, 11)            # mid-eyes
    assert at('right_hip') == (-2, -4) and at('left_hip') == (2, -4)
    assert at('right_knee') == (-2, -10) and at('left_foot') == (2, -16)
    assert at('left_shoulder') == (4, 6) and at('right_wrist') == (-7, -2)
    assert at('left_elbow') == (6, 2)
    # confidence stays the third channel: copied or averaged with the joints
    c = {n: kp[0, 0, COCO.index(n), 2] for n in COCO.joints}
    np.testing.assert_allclose(y[H36M.index('right_knee'), 2],
                               c['right_knee'])
    np.testing.assert_allclose(y[H36M.index('root'), 2],
                               (c['left_hip'] + c['right_hip']) / 2)
    np.testing.assert_allclose(out['keypoint_score'][0, 0], y[:, 2],
                               rtol=1e-6)


def test_coco_to_h36m_motionbert_score_quirk():
    kp = coco_pose()
    score = kp[..., 2].copy()
    out = ConvertLayout('coco', 'h36m', score_order='source')(
        dict(keypoint=kp[..., :2].copy(), keypoint_score=score.copy()))
    np.testing.assert_array_equal(out['keypoint_score'], score)


def test_ntu_to_h36m_mapping():
    kp = np.zeros((2, 3, 25, 3), np.float32)
    kp[..., 0] = np.arange(25)  # x = NTU joint id
    out = TRANSFORMS.build(dict(type='ConvertLayout', src='nturgb+d',
                                dst='h36m'))(dict(keypoint=kp))
    src = out['keypoint'][0, 0, :, 0].astype(int).tolist()
    expect = {'root': 'spine_base', 'right_hip': 'right_hip',
              'right_knee': 'right_knee', 'right_foot': 'right_ankle',
              'left_hip': 'left_hip', 'left_knee': 'left_knee',
              'left_foot': 'left_ankle', 'spine': 'spine_mid',
              'thorax': 'spine_shoulder', 'neck_base': 'neck',
              'head': 'head', 'left_shoulder': 'left_shoulder',
              'left_elbow': 'left_elbow', 'left_wrist': 'left_wrist',
              'right_shoulder': 'right_shoulder',
              'right_elbow': 'right_elbow', 'right_wrist': 'right_wrist'}
    assert [NTU.joints[j] for j in src] == [expect[n] for n in H36M.joints]
    assert out['keypoint'].shape == (2, 3, 17, 3)


def test_matrices_are_convex_and_flip_consistent():
    for src in ('coco', 'nturgb+d'):
        mat = conversion_matrix(src, 'h36m')
        np.testing.assert_allclose(mat.sum(1), 1)
        assert (mat >= 0).all()
        # mirroring before or after the conversion gives the same skeleton
        s_flip = np.eye(mat.shape[1])[list(get_layout(src).flip_index)]
        d_flip = np.eye(17)[list(H36M.flip_index)]
        np.testing.assert_allclose(mat @ s_flip, d_flip @ mat)
    np.testing.assert_array_equal(conversion_matrix('h36m', 'h36m'),
                                  np.eye(17))


def test_errors():
    with pytest.raises(KeyError, match='no layout conversion'):
        ConvertLayout('h36m', 'coco')
    with pytest.raises(ValueError, match=r'\(M, T, 17, C\)'):
        ConvertLayout('coco')(dict(keypoint=np.zeros((1, 2, 25, 3))))
    with pytest.raises(ValueError, match='same joint count'):
        ConvertLayout('nturgb+d', 'h36m', score_order='source')
