"""The built-in synthetic skeleton dataset: NTU-like, no download.

Whole-body actions are produced by a kinematic skeleton of the 25 NTU RGB+D
joints (:data:`skelact.skeletons.NTU_RGBD`): a rest pose built from bone
lengths, joint angles driven over time by one motion function per class,
forward kinematics, feet put on the floor, then the scene seen by three
Kinect-like cameras. See ``docs/synthetic.md``.

Variation model
    - subject: body scale and bone proportions, tempo and amplitude style;
    - performance (one subject doing one action once, seen by every camera
      at the same time, as in NTU): length, start offset, phase, tempo and
      amplitude jitter, facing direction, position on the floor, a slow
      random sway of every joint;
    - camera: yaw about the vertical axis (camera 1 at 0 deg, 2 at +45 deg,
      3 at -45 deg), height, distance, tilt and roll per setup, plus
      per-sample jitter, and Gaussian sensor noise on the joints.

Coordinates are metres in the camera frame: x right (the subject's left
when facing the camera), y up, z depth (about 2-4 m).

Everything is drawn from ``np.random.default_rng(seed)``; the same
arguments give the same arrays.
"""
from functools import partial
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence

import numpy as np

from skelact.registry import DATASETS
from skelact.skeletons import NTU_RGBD
from .base import SkeletonDataset

__all__ = ['CLASSES', 'INTERACTION_CLASSES', 'generate_synthetic',
           'synthetic_splits', 'parse_sample_name', 'SyntheticDataset']

FPS = 30.0
PITCH, YAW, ROLL = 0, 1, 2          # angle components (rotation about x, y, z)
V = NTU_RGBD.num_joints
_J = {name: i for i, name in enumerate(NTU_RGBD.joints)}

# Joint indices used by the motions. A joint's angle slot rotates the bone
# that ends at that joint (and everything below it) relative to its parent:
# slot L_ELBOW moves the left upper arm, slot L_KNEE the left thigh.
ROOT, SPINE_MID, NECK, HEAD = (_J['spine_base'], _J['spine_mid'],
                               _J['neck'], _J['head'])
SPINE_SHOULDER = _J['spine_shoulder']
L_ELBOW, L_WRIST, R_ELBOW, R_WRIST = (_J['left_elbow'], _J['left_wrist'],
                                      _J['right_elbow'], _J['right_wrist'])
L_KNEE, L_ANKLE, R_KNEE, R_ANKLE = (_J['left_knee'], _J['left_ankle'],
                                    _J['right_knee'], _J['right_ankle'])
FEET = [_J['left_ankle'], _J['left_foot'], _J['right_ankle'],
        _J['right_foot']]
UPPER_ARMS, FOREARMS = (L_ELBOW, R_ELBOW), (L_WRIST, R_WRIST)
THIGHS, SHINS = (L_KNEE, R_KNEE), (L_ANKLE, R_ANKLE)

# Kinematic tree rooted at spine_base (parent, rest offset in metres for a
# 1.75 m adult; body frame: x = the subject's left, y = up, z = backward,
# so the subject faces -z) and the bone-length group of every joint.
_TREE = {
    'spine_base': (None, (0, 0, 0), 'root'),
    'spine_mid': ('spine_base', (0, .27, 0), 'spine'),
    'spine_shoulder': ('spine_mid', (0, .23, 0), 'spine'),
    'neck': ('spine_shoulder', (0, .07, 0), 'head'),
    'head': ('neck', (0, .13, 0), 'head'),
    'left_shoulder': ('spine_shoulder', (.16, -.03, 0), 'shoulder'),
    'left_elbow': ('left_shoulder', (0, -.28, 0), 'upper_arm'),
    'left_wrist': ('left_elbow', (0, -.25, 0), 'forearm'),
    'left_hand': ('left_wrist', (0, -.07, 0), 'hand'),
    'left_hand_tip': ('left_hand', (0, -.07, 0), 'hand'),
    'left_thumb': ('left_hand', (0, -.03, -.04), 'hand'),
    'left_hip': ('spine_base', (.08, -.05, 0), 'hip'),
    'left_knee': ('left_hip', (0, -.42, 0), 'thigh'),
    'left_ankle': ('left_knee', (0, -.40, 0), 'shin'),
    'left_foot': ('left_ankle', (0, -.05, -.12), 'foot'),
}
for _name in list(_TREE):          # the right side mirrors the left
    if _name.startswith('left_'):
        _parent, (_x, _y, _z), _group = _TREE[_name]
        _TREE['right_' + _name[5:]] = (
            _parent.replace('left_', 'right_'), (-_x, _y, _z), _group)
BONE_GROUPS = ('root', 'spine', 'head', 'shoulder', 'upper_arm', 'forearm',
               'hand', 'hip', 'thigh', 'shin', 'foot')
PARENT = np.array([-1 if _TREE[n][0] is None else _J[_TREE[n][0]]
                   for n in NTU_RGBD.joints])
REST_OFFSET = np.array([_TREE[n][1] for n in NTU_RGBD.joints], np.float64)
BONE_GROUP = np.array([BONE_GROUPS.index(_TREE[n][2])
                       for n in NTU_RGBD.joints])


def _topological_order():
    order, todo = [], list(range(V))
    while todo:
        for j in list(todo):
            if PARENT[j] < 0 or PARENT[j] in order:
                order.append(j)
                todo.remove(j)
    return order


FK_ORDER = _topological_order()
FLIP = np.array(NTU_RGBD.flip_index)

# Rest angles: arms hang slightly away from the body, elbows a little bent.
REST_ANGLES = np.zeros((V, 3))
REST_ANGLES[L_ELBOW, ROLL], REST_ANGLES[R_ELBOW, ROLL] = .12, -.12
REST_ANGLES[FOREARMS, PITCH] = .15


# ----------------------------------------------------------------------
# geometry helpers
def _rot(axis: int, a: np.ndarray) -> np.ndarray:
    """Rotation matrices (..., 3, 3) about x (0), y (1) or z (2)."""
    c, s = np.cos(a), np.sin(a)
    r = np.zeros(np.shape(a) + (3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    r[..., axis, axis] = 1
    r[..., i, i], r[..., j, j] = c, c
    r[..., i, j], r[..., j, i] = -s, s
    return r


def euler_to_matrix(angles: np.ndarray) -> np.ndarray:
    """(pitch, yaw, roll) -> ``Ry(yaw) @ Rz(roll) @ Rx(pitch)``.

    With the body frame above, positive pitch swings a hanging limb forward
    (flexion), positive roll swings it towards +x (the subject's left) and
    positive yaw turns a forward-pointing limb towards -x.
    """
    return (_rot(1, angles[..., YAW]) @ _rot(2, angles[..., ROLL])
            @ _rot(0, angles[..., PITCH]))


def forward_kinematics(angles: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Joint positions (P, T, V, 3) of local ``angles`` (P, T, V, 3) on
    bones of rest ``offsets`` (P, V, 3); the root sits at the origin."""
    rot_local = euler_to_matrix(angles)
    rot = np.empty_like(rot_local)
    pos = np.zeros(angles.shape)
    for j in FK_ORDER:
        p = PARENT[j]
        if p < 0:
            rot[:, :, j] = rot_local[:, :, j]
            continue
        rot[:, :, j] = rot[:, :, p] @ rot_local[:, :, j]
        pos[:, :, j] = pos[:, :, p] + (
            rot[:, :, j] @ offsets[:, None, j, :, None])[..., 0]
    return pos


def _rotate_points(rot, x):
    """Apply one rotation (N, 3, 3) to all points of each x[n] (N, ..., 3)."""
    flat = x.reshape(len(x), -1, 3) @ rot.transpose(0, 2, 1)
    return flat.reshape(x.shape)


def _smoothstep(x):
    x = np.clip(x, 0, 1)
    return x * x * (3 - 2 * x)


# ----------------------------------------------------------------------
# motions
class Pose:
    """What a motion function writes: local joint ``angles`` (P, T, V, 3)
    added to the rest pose, ``move`` (P, T, 3) of the root in the body frame
    (x left, z backward) and ``lift`` (P, T) off the floor (jumps)."""

    def __init__(self, p: int, t: int):
        self.angles = np.zeros((p, t, V, 3))
        self.move = np.zeros((p, t, 3))
        self.lift = np.zeros((p, t))

    def add(self, joint, comp, value, both=False):
        """Add ``value`` (P, T) to a slot; ``both`` also adds its mirror
        image to the other side's slot (yaw and roll change sign)."""
        self.angles[:, :, joint, comp] += value
        if both:
            sign = -1 if comp in (YAW, ROLL) else 1
            self.angles[:, :, FLIP[joint], comp] += sign * value

    def forward(self, dist):
        """Walk ``dist`` (P, T) metres forward (body frame)."""
        self.move[:, :, 2] -= dist

    def mirror(self):
        """Swap left and right (a left-handed action from a right one)."""
        self.angles = self.angles[:, :, FLIP] * np.array([1, -1, -1])
        self.move[:, :, 0] *= -1


class Timing:
    """Time base of P performances on a grid of T frames.

    ``u`` (P, T) runs 0 -> 1 over each performance's active window, ``env``
    ramps in and out of it, ``bump`` = sin^2(pi u) is a one-shot
    down-and-up, ``plateau`` a slower in-hold-out envelope, ``amp`` (P, 1)
    the amplitude factor, ``sign`` (P, 1) a random +-1; :meth:`phase` gives
    the phase of a rhythmic motion of a base frequency.
    """

    def __init__(self, t, start, stop, speed, phase0, amp, sign):
        self.frames = np.arange(t)[None].astype(np.float64)
        self.u = np.clip((self.frames - start) / (stop - start), 0, 1)
        self.env = (_smoothstep(self.u / .15) *
                    _smoothstep((1 - self.u) / .15))
        self.bump = np.sin(np.pi * self.u) ** 2
        self.plateau = (_smoothstep(self.u / .35) *
                        _smoothstep((1 - self.u) / .3))
        self.speed, self.phase0 = speed, phase0
        self.start = start
        self.amp, self.sign = amp, sign

    def phase(self, freq_hz: float):
        return (2 * np.pi * freq_hz * self.speed *
                (self.frames - self.start) / FPS + self.phase0)


def _pos(x):
    return np.maximum(x, 0)


def wave(m, p):
    p.add(R_ELBOW, ROLL, -2.4 * m.env)
    p.add(R_WRIST, PITCH, .3 * m.env)
    p.add(R_WRIST, ROLL, m.env * (-.3 + .8 * m.amp * np.sin(m.phase(1.6))))


def raise_hand(m, p):
    """The waving pose, held still (waving without the wave)."""
    p.add(R_ELBOW, ROLL, -2.4 * m.env)
    p.add(R_WRIST, PITCH, .3 * m.env)
    p.add(R_WRIST, ROLL, -.3 * m.env)


def clap(m, p):
    closed = .5 * (1 + np.sin(m.phase(2.0)))
    p.add(L_ELBOW, PITCH, 1.2 * m.env, both=True)
    p.add(L_WRIST, PITCH, .9 * m.env, both=True)
    p.add(L_ELBOW, YAW, m.env * (-.25 + .6 * m.amp * closed), both=True)


def raise_both_arms(m, p):
    up = .5 * (1 - np.cos(m.phase(.9)))
    p.add(L_ELBOW, ROLL, 2.4 * m.amp * up * m.env, both=True)


def arm_circles(m, p, direction=1):
    """Arms held out sideways, hands drawing circles (``direction`` +1:
    forward over the top, -1: backward)."""
    ph = m.phase(1.2)
    p.add(L_ELBOW, ROLL, m.env * (1.45 + .5 * m.amp * np.sin(ph)),
          both=True)
    p.add(L_ELBOW, PITCH, direction * .5 * m.amp * m.env * np.cos(ph),
          both=True)


def kick(m, p):
    k = _pos(np.sin(m.phase(.8))) ** 2 * m.env
    p.add(R_KNEE, PITCH, 1.3 * m.amp * k)
    p.add(R_ANKLE, PITCH, -4.8 * k * (1 - k))     # bent on the way, then straight
    p.add(SPINE_MID, PITCH, .15 * k)
    p.add(L_ELBOW, ROLL, .3 * k, both=True)


def side_kick(m, p):
    k = _pos(np.sin(m.phase(.7))) ** 2 * m.env
    p.add(R_KNEE, ROLL, -1.0 * m.amp * k)
    p.add(SPINE_MID, ROLL, -.3 * k)
    p.add(L_ELBOW, ROLL, .4 * k, both=True)


def punch(m, p):
    hit = _pos(np.sin(m.phase(1.4))) ** 3 * m.env
    p.add(L_ELBOW, PITCH, .4 * m.env, both=True)   # guard
    p.add(L_WRIST, PITCH, 1.9 * m.env, both=True)
    p.add(R_ELBOW, PITCH, 1.1 * m.amp * hit)
    p.add(R_WRIST, PITCH, -1.9 * hit)
    p.add(R_ELBOW, YAW, -.2 * hit)
    p.add(SPINE_MID, YAW, .25 * hit)


def reach_forward(m, p):
    p.add(R_ELBOW, PITCH, 1.5 * m.amp * m.plateau)
    p.add(R_WRIST, PITCH, -.12 * m.plateau)
    p.add(SPINE_MID, PITCH, -.25 * m.plateau)


def squat(m, p):
    s = .5 * (1 - np.cos(m.phase(.5))) * m.env * m.amp
    p.add(L_KNEE, PITCH, 1.4 * s, both=True)
    p.add(L_ANKLE, PITCH, -2.2 * s, both=True)
    p.add(SPINE_MID, PITCH, -.35 * s)
    p.add(L_ELBOW, PITCH, 1.3 * s, both=True)


def bow(m, p):
    b = m.bump * m.amp
    p.add(SPINE_MID, PITCH, -.8 * b)
    p.add(SPINE_SHOULDER, PITCH, -.2 * b)
    p.add(HEAD, PITCH, -.2 * b)


def touch_toes(m, p):
    b = m.bump * m.amp
    p.add(SPINE_MID, PITCH, -1.45 * b)
    p.add(SPINE_SHOULDER, PITCH, -.35 * b)
    p.add(L_ELBOW, PITCH, 1.6 * b, both=True)


def jump(m, p):
    ph = m.phase(1.1)
    air, crouch = _pos(np.sin(ph)) * m.env, _pos(-np.sin(ph)) * m.env
    p.add(L_KNEE, PITCH, .7 * crouch, both=True)
    p.add(L_ANKLE, PITCH, -1.2 * crouch, both=True)
    p.add(SPINE_MID, PITCH, -.2 * crouch)
    p.add(L_ELBOW, ROLL, .6 * air, both=True)
    p.lift += .25 * m.amp * air


def hop(m, p):
    ph = m.phase(1.5)
    air, crouch = _pos(np.sin(ph)) * m.env, _pos(-np.sin(ph)) * m.env
    p.add(R_KNEE, PITCH, .5 * m.env)
    p.add(R_ANKLE, PITCH, -1.3 * m.env)
    p.add(L_KNEE, PITCH, .3 * crouch)
    p.add(L_ANKLE, PITCH, -.5 * crouch)
    p.add(L_ELBOW, ROLL, .4 * m.env, both=True)
    p.lift += .12 * m.amp * air


def march(m, p, freq=.8, amp=1.):
    """Walk in place: alternate knee lifts and arm swing."""
    ph = m.phase(freq)
    for side, s in ((0, 1), (1, -1)):
        lift = _pos(s * np.sin(ph)) * m.env * amp
        p.add(THIGHS[side], PITCH, .9 * lift)
        p.add(SHINS[side], PITCH, -1.3 * lift)
        p.add(UPPER_ARMS[side], PITCH, -.4 * s * np.sin(ph) * m.env * amp)


def jog(m, p):
    """Jog in place: the walking pattern at a running cadence, with a
    bounce on every step."""
    march(m, p, freq=1.8, amp=.9)
    p.lift += .04 * m.amp * m.env * np.abs(np.sin(m.phase(1.8)))


def turn(m, p, direction=1):
    """Turn half a circle in small steps; ``direction`` +1 turns left
    (anticlockwise seen from above), -1 right."""
    p.add(ROOT, YAW, -direction * np.pi * _smoothstep(m.u))
    march(m, p, freq=1.2, amp=.3)


def nod(m, p):
    down = .5 * (1 + np.sin(m.phase(1.5))) * m.env * m.amp
    p.add(NECK, PITCH, -.35 * down)
    p.add(HEAD, PITCH, -.3 * down)


# two-person interactions: f(timing, person_a, person_b), facing each other
def handshake(m, a, b):
    for p in (a, b):
        p.add(R_ELBOW, PITCH, m.plateau * (
            .9 + .15 * m.amp * np.sin(m.phase(2.5))))
        p.add(R_ELBOW, YAW, -.3 * m.plateau)
        p.add(R_WRIST, PITCH, .5 * m.plateau)
        p.forward(.1 * m.plateau)


def push(m, a, b):
    thrust = (_smoothstep((m.u - .4) / .15) *
              (1 - _smoothstep((m.u - .8) / .2)))
    a.add(L_ELBOW, PITCH, (.6 * m.plateau + .9 * thrust) * m.amp, both=True)
    a.add(L_WRIST, PITCH, 1.4 * m.plateau * (1 - thrust), both=True)
    a.forward(.2 * thrust)
    b.add(SPINE_MID, PITCH, .35 * thrust)
    b.add(L_ELBOW, ROLL, .4 * thrust, both=True)
    b.forward(-.35 * _smoothstep((m.u - .45) / .3))


def hug(m, a, b):
    for p in (a, b):
        p.forward(.45 * m.plateau)
        p.add(L_ELBOW, PITCH, 1.3 * m.plateau, both=True)
        p.add(L_ELBOW, YAW, .5 * m.plateau, both=True)
        p.add(L_WRIST, YAW, 1.0 * m.plateau, both=True)
        p.add(SPINE_MID, PITCH, -.1 * m.plateau)


def walk_toward(m, a, b):
    for p in (a, b):
        march(m, p, freq=1.0)
        p.forward(.9 * m.amp * _smoothstep(m.u))


def high_five(m, a, b):
    for p in (a, b):
        p.add(R_ELBOW, PITCH, 2.4 * m.plateau)
        p.add(R_ELBOW, YAW, -.25 * m.plateau)
        p.add(R_WRIST, PITCH, .3 * m.plateau)
        p.forward(.1 * m.plateau)


class Action(NamedTuple):
    """A class: its motion and, for two persons, their start distance."""
    name: str
    motion: Callable
    mirror: bool = False
    distance: Optional[float] = None     # two-person interactions only

    @property
    def two_person(self):
        return self.distance is not None


ACTIONS = (
    # the first ten (the default) pair motions that share a pose and
    # differ in their dynamics, so that a pose template does not suffice
    Action('wave right hand', wave),
    Action('raise right hand', raise_hand),
    Action('arm circles forward', arm_circles),
    Action('arm circles backward', partial(arm_circles, direction=-1)),
    Action('walk in place', march),
    Action('jog in place', jog),
    Action('turn left', turn),
    Action('turn right', partial(turn, direction=-1)),
    Action('handshake', handshake, distance=.95),
    Action('push other person', push, distance=.9),
    Action('clap', clap),
    Action('kick with right leg', kick),
    Action('squat', squat),
    Action('jump up', jump),
    Action('bow', bow),
    Action('touch toes', touch_toes),
    Action('punch with right hand', punch),
    Action('reach forward with right hand', reach_forward),
    Action('hug', hug, distance=1.4),
    Action('walk towards each other', walk_toward, distance=3.0),
    Action('wave left hand', wave, mirror=True),
    Action('kick with left leg', kick, mirror=True),
    Action('hop on left leg', hop, mirror=True),
    Action('nod head', nod),
    Action('high five', high_five, distance=1.0),
    Action('side kick with left leg', side_kick, mirror=True),
    Action('raise both arms', raise_both_arms),
    Action('punch with left hand', punch, mirror=True),
)
CLASSES = tuple(a.name for a in ACTIONS)
INTERACTION_CLASSES = tuple(i for i, a in enumerate(ACTIONS) if a.two_person)

# camera yaw (degrees) about the vertical axis, NTU-like
CAMERA_YAW_DEG = (0., 45., -45.)


# ----------------------------------------------------------------------
# generator
def _subject_bodies(rng, n, scale_std=.06, proportion_std=.05):
    """Bone offsets (n, V, 3) of n bodies: a global scale times one factor
    per bone group (left and right alike)."""
    scale = np.clip(rng.normal(1, scale_std, (n, 1)), .85, 1.15)
    group = rng.normal(1, proportion_std, (n, len(BONE_GROUPS)))
    return REST_OFFSET[None] * (scale * group[:, BONE_GROUP])[..., None]


def _perform(action, rng, bodies, speed, amp, facing, lengths):
    """World-frame joints (P, 2, Tmax, V, 3) of P performances of one
    action. ``bodies`` (P, 2, V, 3) holds each performance's two bodies,
    ``facing`` (P,) the yaw of the scene (0: facing camera 1)."""
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
    out = _rotate_points(_rot(1, facing), out)
    out[..., [0, 2]] += rng.uniform(-.4, .4, (n, 1, 1, 1, 2))
    return out


def _cameras(rng, num_setups, num_cameras):
    """Per (setup, camera): yaw (rad), height, distance, tilt, roll."""
    yaw = np.deg2rad([CAMERA_YAW_DEG[c] if c < len(CAMERA_YAW_DEG)
                      else 45. * (c - 1) for c in range(num_cameras)])
    shape = (num_setups, num_cameras)
    return dict(yaw=np.broadcast_to(yaw, shape),
                height=rng.uniform(.7, 1.3, shape),
                distance=rng.uniform(2.5, 3.5, shape),
                tilt=np.deg2rad(rng.uniform(-5, 5, shape)),
                roll=np.deg2rad(rng.uniform(-2, 2, shape)))


def _view(world, rng, yaw, height, distance, tilt, roll):
    """World (N, M, T, V, 3) -> camera frame, one camera per sample (N,):
    turn the scene so that the camera looks along +z, move the camera to
    the origin, then tilt and roll it."""
    n = len(world)
    jitter = rng.normal(0, 1, (n, 4)) * [.03, .05, np.deg2rad(1),
                                         np.deg2rad(3)]
    cam = _rotate_points(_rot(1, -(yaw + jitter[:, 3])), world)
    cam[..., 1] -= (height + jitter[:, 0])[:, None, None, None]
    cam[..., 2] += (distance + jitter[:, 1])[:, None, None, None]
    tilt_roll = _rot(2, roll) @ _rot(0, tilt + jitter[:, 2])
    return _rotate_points(tilt_roll, cam)


def generate_synthetic(num_classes: int = 10,
                       num_subjects: int = 20,
                       num_cameras: int = 3,
                       samples_per_class_subject_camera: int = 2,
                       min_frames: int = 40,
                       max_frames: int = 120,
                       noise_std: float = .01,
                       num_setups: int = 4,
                       facing_jitter: float = 25.,
                       seed: int = 0) -> List[dict]:
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
    rng = np.random.default_rng(seed)
    bodies = _subject_bodies(rng, num_subjects)
    tempo = rng.uniform(.8, 1.25, num_subjects)
    style = rng.uniform(.85, 1.15, num_subjects)
    cams = _cameras(rng, num_setups, num_cameras)
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
                         style[subj][:, None], facing, lengths)
        for c in range(num_cameras):
            kp = _view(world, rng, *(cams[k][setup, c] for k in
                                     ('yaw', 'height', 'distance', 'tilt',
                                      'roll')))
            kp += rng.normal(0, noise_std, kp.shape)
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
    0-based label."""
    fields = {}
    for key, letter in (('setup', 'S'), ('camera', 'C'), ('subject', 'P'),
                        ('rep', 'R'), ('label', 'A')):
        i = name.index(letter)
        fields[key] = int(name[i + 1:i + 4])
    fields['label'] -= 1
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


@DATASETS.register_module()
class SyntheticDataset(SkeletonDataset):
    """The built-in synthetic dataset, generated in memory (no file).

    Args:
        split: ``'xsub_train'``, ``'xsub_val'``, ``'xview_train'``,
            ``'xview_val'`` or ``None`` (every sample).
        num_classes ... seed: see :func:`generate_synthetic`.
        pipeline: per-sample transforms.
        **kwargs: see :class:`SkeletonDataset` (``label_fraction``, ...).
    """

    CLASSES = CLASSES

    def __init__(self, split: Optional[str] = 'xsub_train',
                 num_classes: int = 10, num_subjects: int = 20,
                 num_cameras: int = 3,
                 samples_per_class_subject_camera: int = 2,
                 min_frames: int = 40, max_frames: int = 120,
                 noise_std: float = .01, num_setups: int = 4, seed: int = 0,
                 pipeline: Sequence = (), **kwargs):
        if split is not None and split not in SPLITS:
            raise ValueError(f'SyntheticDataset: unknown split {split!r}, '
                             f'expected one of {SPLITS} or None')
        self.generator_args = dict(
            num_classes=num_classes, num_subjects=num_subjects,
            num_cameras=num_cameras,
            samples_per_class_subject_camera=(
                samples_per_class_subject_camera),
            min_frames=min_frames, max_frames=max_frames,
            noise_std=noise_std, num_setups=num_setups, seed=seed)
        kwargs.setdefault('metainfo',
                          dict(classes=CLASSES[:num_classes]))
        kwargs.pop('ann_file', None)
        kwargs.pop('layout', None)
        super().__init__(ann_file='', pipeline=pipeline, split=split,
                         layout='nturgb+d', num_classes=num_classes,
                         **kwargs)

    def load_data_list(self) -> List[dict]:
        records, splits = cached_synthetic(**self.generator_args)
        rows = (range(len(records)) if self.split is None
                else splits[self.split])
        return [records[i] for i in rows]
