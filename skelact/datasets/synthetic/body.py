"""The body model of the synthetic dataset: a kinematic tree of the 25 NTU
RGB+D joints with rest bone offsets, per-subject body proportions, and the
rotation and forward-kinematics helpers."""
import numpy as np

from skelact.skeletons import NTU_RGBD

__all__ = ['FPS', 'V', 'PARENT', 'REST_OFFSET', 'REST_ANGLES', 'BONE_GROUPS',
           'axis_rotation', 'euler_to_matrix', 'forward_kinematics',
           'rotate_points', 'smoothstep', 'subject_bodies']

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
def axis_rotation(axis: int, a: np.ndarray) -> np.ndarray:
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
    return (axis_rotation(1, angles[..., YAW])
            @ axis_rotation(2, angles[..., ROLL])
            @ axis_rotation(0, angles[..., PITCH]))


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


def rotate_points(rot, x):
    """Apply one rotation (N, 3, 3) to all points of each x[n] (N, ..., 3)."""
    flat = x.reshape(len(x), -1, 3) @ rot.transpose(0, 2, 1)
    return flat.reshape(x.shape)


def smoothstep(x):
    x = np.clip(x, 0, 1)
    return x * x * (3 - 2 * x)


def subject_bodies(rng, n, scale_std=.06, proportion_std=.05,
                   scale_range=None):
    """Bone offsets (n, V, 3) of n bodies: a global scale (N(1, scale_std)
    clipped to 0.85-1.15, or uniform in ``scale_range``) times one factor
    per bone group (left and right alike)."""
    if scale_range is None:
        scale = np.clip(rng.normal(1, scale_std, (n, 1)), .85, 1.15)
    else:
        if not 0 < scale_range[0] <= scale_range[1]:
            raise ValueError(f'body_scale_range must be 0 < lo <= hi, got '
                             f'{scale_range}')
        scale = rng.uniform(scale_range[0], scale_range[1], (n, 1))
    group = rng.normal(1, proportion_std, (n, len(BONE_GROUPS)))
    return REST_OFFSET[None] * (scale * group[:, BONE_GROUP])[..., None]
