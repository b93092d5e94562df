"""The nuisance knobs of the synthetic set (docs/synthetic.md): each off by
default and drawing nothing then, each doing what it says when on."""
import os.path as osp

import numpy as np
import pytest

from skelact.datasets.synthetic import HARD, generate_synthetic
from skelact.datasets.synthetic.nuisance import (BODY_PARTS, drop_joints,
                                                 occlude)
from skelact.skeletons import NTU_RGBD

SMALL = dict(num_classes=2, num_subjects=4, num_cameras=1,
             samples_per_class_subject_camera=2, min_frames=30,
             max_frames=40)
J = {n: i for i, n in enumerate(NTU_RGBD.joints)}
REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _kp(records):
    return [r['keypoint'] for r in records]


def test_knobs_off_draw_nothing():
    base = generate_synthetic(**SMALL)
    off = generate_synthetic(**SMALL, tempo_range=(.8, 1.25),
                             view_yaw_range=0., view_pitch_range=0.,
                             drop_joint_prob=0., occlusion_prob=0.,
                             distractor_prob=0.)
    assert all(np.array_equal(a, b) for a, b in zip(_kp(base), _kp(off)))


def test_dropped_joints_are_zeros_at_the_rate_asked():
    kp = np.ones((50, 2, 60, 25, 3))
    out = drop_joints(kp.copy(), np.random.default_rng(0), .05,
                      np.full(50, 60))
    lost = (out == 0).all(-1)
    assert np.array_equal((out == 0).any(-1), lost)   # whole joints
    assert .035 < lost.mean() < .065
    # in bursts: a lost joint's neighbour frame is lost far more often
    # than the rate
    assert (lost[:, :, 1:] & lost[:, :, :-1]).sum() / lost.sum() > .5


def test_occluded_part_holds_its_last_seen_position():
    rng = np.random.default_rng(0)
    kp = rng.normal(0, 1, (20, 2, 30, 25, 3))
    out = occlude(kp.copy(), np.random.default_rng(1), 1., np.full(20, 30),
                  noise_std=0.)
    for i in range(20):
        x = out[i, 0]
        still = [(x[1:][:, p] == x[:-1][:, p]).all((1, 2))
                 for p in BODY_PARTS.values()]
        frozen = max(s.sum() for s in still)
        assert 30 * .2 - 1 <= frozen <= 30 * .6         # 20-60 % held
        changed = (out[i] != kp[i]).any(-1)
        assert not changed[1].any()                      # person 1 only


def _spine_tilt(records):
    v = np.stack([r['keypoint'][0, 0, J['spine_shoulder']]
                  - r['keypoint'][0, 0, J['spine_base']] for r in records])
    return np.degrees(np.arccos(v[:, 1] / np.linalg.norm(v, axis=1)))


def _height(records):
    return np.array([np.ptp(r['keypoint'][0, 0, :, 1]) for r in records])


def test_view_body_size_and_distractor_knobs_widen_the_spread():
    base = generate_synthetic(**SMALL)
    view = generate_synthetic(**SMALL, view_pitch_range=30.)
    assert _spine_tilt(view).std() > 2 * _spine_tilt(base).std()
    size = generate_synthetic(**dict(SMALL, num_subjects=8),
                              body_scale_range=(.6, 1.4))
    h = _height(size)
    assert h.max() / h.min() > 1.6 > _height(base).max() / _height(base).min()
    # waving the right hand: the left arm moves only under a distractor
    distract = generate_synthetic(**SMALL, distractor_prob=1.,
                                  distractor_amp=.6)

    def left_arm_motion(records):
        return np.mean([np.ptp(r['keypoint'][0, :, J['left_wrist']], 0).sum()
                        for r in records if r['label'] == 0])
    assert left_arm_motion(distract) > 2 * left_arm_motion(base)


def test_bad_knobs_are_named():
    with pytest.raises(ValueError, match='drop_joint_prob must be a '
                       'probability'):
        generate_synthetic(**SMALL, drop_joint_prob=1.5)
    with pytest.raises(ValueError, match="unknown knob.*'occlusion'"):
        generate_synthetic(**SMALL, occlusion=.1)
    with pytest.raises(ValueError, match='body_scale_range'):
        generate_synthetic(**SMALL, body_scale_range=(1.2, .8))


def test_hard_setting_is_the_demo_config():
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(
        REPO, 'configs/_base_/datasets/synthetic_hard_xsub.py'))
    args = dict(cfg.data_args)
    args.update(args.pop('nuisance'))
    args = {k: tuple(v) if isinstance(v, list) else v
            for k, v in args.items()}
    assert {k: args[k] for k in HARD} == {
        k: tuple(v) if isinstance(v, list) else v for k, v in HARD.items()}
    hard = generate_synthetic(**SMALL, **HARD)
    assert all(np.isfinite(k).all() for k in _kp(hard))
