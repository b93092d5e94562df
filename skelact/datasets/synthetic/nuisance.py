"""What makes the synthetic set hard in the ways real data is hard: the
nuisance knobs of :func:`~skelact.datasets.synthetic.generate_synthetic`.

Every knob defaults to "off" (the set as it was before the knobs), and a
knob that is off draws nothing from the generator's random stream, so the
default records stay bit-identical. :data:`HARD` is the setting the README's
demo uses (``configs/_base_/datasets/synthetic_hard_xsub.py``).

Motion-side (in the world, before the cameras):
    ``distractor_prob`` / ``distractor_amp``: with this probability a
    performance carries a second, class-unrelated motion: slow random
    swings (0.2-0.9 Hz, up to ``distractor_amp`` rad) of a random subset of
    the arms, head, trunk and legs, plus a step-wise drift on the floor.

Camera-side (after the view):
    ``view_yaw_range``, ``view_pitch_range`` (degrees): a per-sample
    camera azimuth and elevation drawn uniformly in +-range on top of the
    setup's camera (the elevation survives the vertical-axis alignment of
    the preprocessing, the azimuth only partly once the subject turns);
    ``drop_joint_prob``: per joint and frame, the probability that the
    tracker loses the joint, which then reads as zeros (as Kinect writes a
    missing joint), in bursts of 1-8 frames;
    ``occlusion_prob``: with this probability a sample has one body part
    (left arm, right arm, both legs or the head) hidden for a contiguous
    20-60 % of its frames: the part's joints freeze at their last seen
    position plus noise (a tracker's guess), not zeros.

Body- and tempo-side knobs are plain arguments of the generator
(``body_scale_range``, ``tempo_range``; sensor noise is ``noise_std``).
"""
from typing import Dict

import numpy as np

from skelact.skeletons import NTU_RGBD

__all__ = ['HARD', 'NUISANCE_DEFAULTS', 'BODY_PARTS', 'check_nuisance',
           'distractor_angles', 'drop_joints', 'occlude']

# knob -> its "off" value (today's set)
NUISANCE_DEFAULTS = dict(view_yaw_range=0., view_pitch_range=0.,
                         drop_joint_prob=0., occlusion_prob=0.,
                         distractor_prob=0., distractor_amp=.5)

# the demo's setting (docs/synthetic.md lists what each does); no lost
# joints: as zeros they put a frame whose centre joint is lost in camera
# coordinates after the per-frame centring, which every encoder failed on
# (docs/synthetic.md)
HARD: Dict[str, object] = dict(
    view_yaw_range=30., view_pitch_range=25., body_scale_range=(.7, 1.3),
    tempo_range=(.6, 1.6), noise_std=.03, drop_joint_prob=0.,
    occlusion_prob=.4, distractor_prob=.6, distractor_amp=.5)

_J = {n: i for i, n in enumerate(NTU_RGBD.joints)}
BODY_PARTS = {
    'left_arm': [_J[n] for n in ('left_elbow', 'left_wrist', 'left_hand',
                                 'left_hand_tip', 'left_thumb')],
    'right_arm': [_J[n] for n in ('right_elbow', 'right_wrist', 'right_hand',
                                  'right_hand_tip', 'right_thumb')],
    'legs': [_J[n] for n in ('left_knee', 'left_ankle', 'left_foot',
                             'right_knee', 'right_ankle', 'right_foot')],
    'head': [_J['neck'], _J['head']],
}
# joints whose local angle a distractor may swing (arms, head, trunk, legs)
_DISTRACT = [_J[n] for n in ('left_elbow', 'left_wrist', 'right_elbow',
                             'right_wrist', 'neck', 'head', 'spine_mid',
                             'left_knee', 'right_knee')]


def check_nuisance(**knobs):
    """Refuse values outside their range, naming the knob."""
    for k in ('drop_joint_prob', 'occlusion_prob', 'distractor_prob'):
        if not 0 <= knobs[k] <= 1:
            raise ValueError(f'{k} must be a probability in [0, 1], got '
                             f'{knobs[k]}')
    for k in ('view_yaw_range', 'view_pitch_range', 'distractor_amp'):
        if knobs[k] < 0:
            raise ValueError(f'{k} must be >= 0, got {knobs[k]}')


def distractor_angles(rng, n, frames, prob, amp, fps):
    """Extra local angles (n, T, V, 3) and floor drift (n, T, 3) of the
    distractor motion; zero for the performances that have none."""
    v = len(NTU_RGBD.joints)
    on = rng.random(n) < prob
    joints = rng.random((n, len(_DISTRACT))) < .4
    freq = rng.uniform(.2, .9, (n, 1, len(_DISTRACT), 3))
    phase = rng.uniform(0, 2 * np.pi, (n, 1, len(_DISTRACT), 3))
    size = rng.uniform(0, amp, (n, 1, len(_DISTRACT), 3))
    t = frames[..., None, None] / fps                  # (1, T, 1, 1)
    swing = size * np.sin(2 * np.pi * freq * t + phase)
    swing *= (joints & on[:, None])[:, None, :, None]
    angles = np.zeros((n, frames.shape[-1], v, 3))
    angles[:, :, _DISTRACT] = swing
    # a few steps on the floor: a smooth random walk of the root
    step = rng.normal(0, .01, (n, frames.shape[-1], 3)) * [1, 0, 1]
    drift = np.cumsum(step, axis=1) * on[:, None, None]
    return angles, drift


def drop_joints(kp, rng, prob, lengths):
    """Zero random (frame, joint) entries of kp (N, M, T, V, C) in bursts
    of 1-8 frames; ``prob`` is the fraction of joint-frames lost."""
    n, m, t, v, _ = kp.shape
    burst = 4.5                                       # mean burst length
    start = rng.random((n, m, t, v)) < prob / burst
    length = np.where(start, rng.integers(1, 9, (n, m, t, v)), 0)
    lost = np.zeros((n, m, t, v), bool)
    for d in range(8):         # a burst from frame s covers s .. s+len-1
        lost[:, :, d:] |= (length > d)[:, :, :t - d]
    kp[lost] = 0
    return kp


def occlude(kp, rng, prob, lengths, noise_std):
    """Hide one body part of the first person for a contiguous 20-60 % of
    the frames of a sample with probability ``prob``: the part's joints
    hold their last seen position (plus noise)."""
    names = list(BODY_PARTS)
    for i in np.flatnonzero(rng.random(len(kp)) < prob):
        t = int(lengths[i])
        part = BODY_PARTS[names[rng.integers(len(names))]]
        span = max(1, int(t * rng.uniform(.2, .6)))
        s = int(rng.integers(1, max(2, t - span + 1)))
        held = kp[i, 0, s - 1, part]
        window = kp[i, 0, s:s + span]                 # a view
        window[:, part] = held + rng.normal(0, noise_std,
                                            (len(window), len(part), 3))
    return kp
