"""The generator of the synthetic dataset: performances of every class by
every subject, seen by every camera, with sensor noise; NTU-style names and
splits."""
from typing import Dict, List, Sequence

import numpy as np

from skelact.datasets.ntu_meta import parse_ntu_name
from .actions import ACTIONS
from .body import (FEET, FPS, REST_ANGLES, ROOT, V, YAW, axis_rotation,
                   euler_to_matrix, forward_kinematics, rotate_points,
                   subject_bodies)
from .camera import camera_setups, view_from_camera
from .motions import Pose, Timing
from .nuisance import (NUISANCE_DEFAULTS, check_nuisance, distractor_angles,
                       drop_joints, occlude)

__all__ = ['generate_synthetic', 'synthetic_splits', 'parse_sample_name',
           'cached_synthetic', 'SPLITS']


def _perform(action, rng, bodies, speed, amp, facing, lengths,
             distractor=(0., 0.)):
    """World-frame joints (P, 2, Tmax, V, 3) of P performances of one
    action. ``bodies`` (P, 2, V, 3) holds each performance's two bodies,
    ``facing`` (P,) the yaw of the scene (0: facing camera 1),
    ``distractor`` the (probability, amplitude) of a distractor motion."""
    n, tmax = len(lengths), int(lengths.max())
    margin = rng.uniform(0, .15, (2, n, 1)) * lengths[:, None]
    timing = Timing(tmax, margin[0], lengths[:, None] - margin[1],
                    speed * rng.uniform(.9, 1.1, (n, 1)),
                    rng.uniform(0, 2 * np.pi, (n, 1)),
                    amp * rng.uniform(.9, 1.1, (n, 1)),
                    rng.choice([-1., 1.], (n, 1)))
    poses = [Pose(n, tmax), Pose(n, tmax)]
    if action.two_person:
        action.motion(timing, *poses)
    else:
        action.motion(timing, poses[0])
    persons = 2 if action.two_person else 1
    out = np.zeros((n, 2, tmax, V, 3))
    for k in range(persons):
        pose = poses[k]
        if action.mirror:
            pose.mirror()
        # slow random sway of every joint (nobody stands perfectly still)
        freq = rng.uniform(.1, .5, (n, 1, V, 3))
        sway = .04 * np.sin(2 * np.pi * freq * timing.frames[..., None,
                                                             None] / FPS
                            + rng.uniform(0, 2 * np.pi, (n, 1, V, 3)))
        angles = REST_ANGLES + pose.angles + sway
        if distractor[0] > 0:
            extra, drift = distractor_angles(rng, n, timing.frames,
                                             *distractor, FPS)
            angles += extra
            pose.move += drift
        if action.two_person:    # face the partner: a looks along +x
            angles[:, :, ROOT, YAW] += -np.pi / 2 if k == 0 else np.pi / 2
        pos = forward_kinematics(angles, bodies[:, k])
        pos[..., 1] -= pos[:, :, FEET, 1].min(axis=2, keepdims=True)
        pos[..., 1] += pose.lift[..., None]
        root = euler_to_matrix(angles[:, :, ROOT])
        pos += (root @ pose.move[..., None])[:, :, None, :, 0]
        if action.two_person:
            pos[..., 0] += (-.5 if k == 0 else .5) * action.distance
        out[:, k] = pos
    # the scene: its facing and a spot on the floor
    out = rotate_points(axis_rotation(1, facing), out)
    out[..., [0, 2]] += rng.uniform(-.4, .4, (n, 1, 1, 1, 2))
    return out


def generate_synthetic(num_classes: int = 10,
                       num_subjects: int = 20,
                       num_cameras: int = 3,
                       samples_per_class_subject_camera: int = 2,
                       min_frames: int = 40,
                       max_frames: int = 120,
                       noise_std: float = .01,
                       num_setups: int = 4,
                       facing_jitter: float = 25.,
                       seed: int = 0,
                       body_scale_range=None,
                       tempo_range=(.8, 1.25),
                       **nuisance) -> List[dict]:
    """Generate the synthetic dataset as a list of sample records.

    Every (class, subject, repetition) is one performance, seen by all
    ``num_cameras`` cameras at once (one record per camera, same length).

    Args:
        num_classes: the first ``num_classes`` of :data:`CLASSES`.
        num_subjects: subjects ``P001...``; odd ones are xsub training.
        num_cameras: cameras ``C001...`` at 0, +45, -45 degrees (more go
            on in 45 degree steps); camera 1 is the xview test camera.
        samples_per_class_subject_camera: repetitions ``R001...``.
        min_frames, max_frames: range of the sequence length T.
        noise_std: std of the Gaussian joint noise, metres.
        facing_jitter: the subject faces camera 2 or 3 (alternating over
            repetitions) give or take this many degrees.
        num_setups: camera setups ``S001...`` (height, distance, tilt);
            subject ``p`` is recorded in setup ``(p - 1) % num_setups + 1``.
        seed: seed of ``np.random.default_rng``.
        body_scale_range: ``None`` (default: scale ~ N(1, 0.06) clipped to
            0.85-1.15) or ``(lo, hi)``: a subject's overall body scale,
            uniform in it (children to tall adults: ``(.7, 1.3)``).
        tempo_range: a subject's tempo factor, uniform in it.
        **nuisance: the knobs of :mod:`.nuisance` (``view_yaw_range``,
            ``view_pitch_range``, ``drop_joint_prob``, ``occlusion_prob``,
            ``distractor_prob``, ``distractor_amp``), all off by default;
            :data:`~.nuisance.HARD` is the demo's setting.

    Returns:
        Records with ``keypoint`` float32 (2, T, 25, 3), ``label``,
        ``total_frames``, ``sample_name``, ``subject``, ``camera``,
        ``setup``, ordered by class, subject, repetition, camera.
    """
    if not 1 <= num_classes <= len(ACTIONS):
        raise ValueError(f'num_classes must be in [1, {len(ACTIONS)}], got '
                         f'{num_classes}')
    if not 1 <= min_frames <= max_frames:
        raise ValueError(f'need 1 <= min_frames <= max_frames, got '
                         f'{min_frames}, {max_frames}')
    if num_subjects < 4 or num_cameras < 1 or num_setups < 1 or \
            samples_per_class_subject_camera < 1:
        raise ValueError('need num_subjects >= 4 and at least one camera, '
                         'setup and repetition')
    unknown = set(nuisance) - set(NUISANCE_DEFAULTS)
    if unknown:
        raise ValueError(f'generate_synthetic: unknown knob(s) '
                         f'{sorted(unknown)}; known: '
                         f'{sorted(NUISANCE_DEFAULTS)}')
    knobs = dict(NUISANCE_DEFAULTS, **nuisance)
    check_nuisance(**knobs)
    if not 0 < tempo_range[0] <= tempo_range[1]:
        raise ValueError(f'tempo_range must be 0 < lo <= hi, got '
                         f'{tempo_range}')
    rng = np.random.default_rng(seed)
    bodies = subject_bodies(rng, num_subjects, scale_range=body_scale_range)
    tempo = rng.uniform(*tempo_range, num_subjects)
    style = rng.uniform(.85, 1.15, num_subjects)
    cams = camera_setups(rng, num_setups, num_cameras)
    reps = samples_per_class_subject_camera
    subj = np.repeat(np.arange(num_subjects), reps)        # 0-based
    rep = np.tile(np.arange(reps), num_subjects)
    setup = subj % num_setups
    halves = [np.arange(0, num_subjects, 2), np.arange(1, num_subjects, 2)]
    records = []
    for label in range(num_classes):
        action = ACTIONS[label]
        n = len(subj)
        # the partner of an interaction: another subject of the same
        # xsub half, so no test body appears in training
        partner = np.array([rng.choice(halves[s % 2][halves[s % 2] != s])
                            for s in subj])
        pair = np.stack([bodies[subj], bodies[partner]], axis=1)
        lengths = rng.integers(min_frames, max_frames + 1, n)
        # as in NTU, a subject faces camera 2 in one repetition and
        # camera 3 in the next, give or take facing_jitter
        facing = (np.where((subj + rep) % 2 == 0, 1, -1) * np.pi / 4 +
                  rng.uniform(-1, 1, n) * np.deg2rad(facing_jitter))
        world = _perform(action, rng, pair, tempo[subj][:, None],
                         style[subj][:, None], facing, lengths,
                         (knobs['distractor_prob'], knobs['distractor_amp']))
        for c in range(num_cameras):
            cam = {k: cams[k][setup, c] for k in
                   ('yaw', 'height', 'distance', 'tilt', 'roll')}
            # a per-sample viewpoint on top of the setup's camera
            for k, r in (('yaw', 'view_yaw_range'),
                         ('tilt', 'view_pitch_range')):
                if knobs[r] > 0:
                    cam[k] = cam[k] + np.deg2rad(
                        rng.uniform(-knobs[r], knobs[r], n))
            kp = view_from_camera(world, rng, cam['yaw'], cam['height'],
                                  cam['distance'], cam['tilt'], cam['roll'])
            kp += rng.normal(0, noise_std, kp.shape)
            if knobs['occlusion_prob'] > 0:
                kp = occlude(kp, rng, knobs['occlusion_prob'], lengths,
                             noise_std)
            if knobs['drop_joint_prob'] > 0:
                kp = drop_joints(kp, rng, knobs['drop_joint_prob'], lengths)
            if not action.two_person:
                kp[:, 1] = 0
            kp = kp.astype(np.float32)
            for i in range(n):
                t = int(lengths[i])
                records.append(dict(
                    keypoint=np.ascontiguousarray(kp[i, :, :t]),
                    label=label, total_frames=t,
                    sample_name=(f'S{setup[i] + 1:03d}C{c + 1:03d}'
                                 f'P{subj[i] + 1:03d}R{rep[i] + 1:03d}'
                                 f'A{label + 1:03d}'),
                    subject=int(subj[i]) + 1, camera=c + 1,
                    setup=int(setup[i]) + 1))
    records.sort(key=lambda r: (r['label'], r['subject'], r['sample_name']))
    return records


def parse_sample_name(name: str) -> Dict[str, int]:
    """``'S001C002P003R002A013'`` -> setup, camera, subject, rep and
    0-based label (:func:`~skelact.datasets.ntu_meta.parse_ntu_name` with
    the replication as ``rep``)."""
    fields = parse_ntu_name(name)
    if not fields:
        raise ValueError(f'{name!r} is not a sample name '
                         'SsssCcccPpppRrrrAaaa')
    fields['rep'] = fields.pop('replication')
    return fields


def synthetic_splits(records: Sequence[dict]) -> Dict[str, np.ndarray]:
    """NTU-style splits: xsub by subject (odd ids train, even test), xview
    by camera (cameras 2, 3, ... train, camera 1 test)."""
    subject = np.array([r['subject'] for r in records])
    camera = np.array([r['camera'] for r in records])
    return dict(xsub_train=np.flatnonzero(subject % 2 == 1),
                xsub_val=np.flatnonzero(subject % 2 == 0),
                xview_train=np.flatnonzero(camera != 1),
                xview_val=np.flatnonzero(camera == 1))


SPLITS = ('xsub_train', 'xsub_val', 'xview_train', 'xview_val')
_CACHE: Dict[tuple, tuple] = {}
_CACHE_SIZE = 4


def cached_synthetic(**kwargs):
    """``(records, splits)`` of :func:`generate_synthetic`, generated once
    per process for the same arguments (the last few are kept)."""
    key = tuple(sorted(kwargs.items()))
    if key not in _CACHE:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        records = generate_synthetic(**kwargs)
        _CACHE[key] = (records, synthetic_splits(records))
    return _CACHE[key]
