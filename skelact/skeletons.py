"""Skeleton layouts, defined once.

Every user of joint topology -- the ST-GCN graph, the bone stream, spatial
flips, layout conversion -- reads it from the :class:`SkeletonLayout` objects
here. Joints are 0-based. ``bones`` are ``(child, parent)`` pairs; the centre
joint is its own parent so that the bone stream keeps one (zero) vector per
joint.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

__all__ = ['SkeletonLayout', 'LAYOUTS', 'get_layout']


@dataclass(frozen=True)
class SkeletonLayout:
    """One joint layout.

    Args:
        name: registry name of the layout (``'nturgb+d'``, ``'coco'``, ...).
        joints: joint names, index = joint id.
        bones: ``(child, parent)`` pairs, one per joint, the centre joint
            paired with itself.
        flip_pairs: ``(left, right)`` joint pairs swapped by a mirror flip.
        center: the centre (root) joint of the graph partition.
    """
    name: str
    joints: Tuple[str, ...]
    bones: Tuple[Tuple[int, int], ...]
    flip_pairs: Tuple[Tuple[int, int], ...]
    center: int
    _flip_index: Tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self):
        v = len(self.joints)
        for child, parent in self.bones:
            if not (0 <= child < v and 0 <= parent < v):
                raise ValueError(f'layout {self.name}: bone ({child}, '
                                 f'{parent}) outside 0..{v - 1}')
        index = list(range(v))
        for left, right in self.flip_pairs:
            index[left], index[right] = right, left
        object.__setattr__(self, '_flip_index', tuple(index))

    @property
    def num_joints(self) -> int:
        return len(self.joints)

    @property
    def edges(self) -> List[Tuple[int, int]]:
        """Undirected skeleton edges (bones without the centre self-pair)."""
        return [(c, p) for c, p in self.bones if c != p]

    @property
    def flip_index(self) -> Tuple[int, ...]:
        """Joint permutation of a left/right mirror: ``x[..., flip_index, :]``."""
        return self._flip_index

    def index(self, name: str) -> int:
        return self.joints.index(name)


def _one_based(pairs):
    return tuple((a - 1, b - 1) for a, b in pairs)


# NTU RGB+D (Kinect v2), 25 joints. The bones are those of the ST-GCN graph
# and of the AimCLR/CrosSCLR bone stream (1-based there), directed towards
# the spine-shoulder joint (21 1-based, 20 here).
NTU_RGBD = SkeletonLayout(
    name='nturgb+d',
    joints=('spine_base', 'spine_mid', 'neck', 'head', 'left_shoulder',
            'left_elbow', 'left_wrist', 'left_hand', 'right_shoulder',
            'right_elbow', 'right_wrist', 'right_hand', 'left_hip',
            'left_knee', 'left_ankle', 'left_foot', 'right_hip',
            'right_knee', 'right_ankle', 'right_foot', 'spine_shoulder',
            'left_hand_tip', 'left_thumb', 'right_hand_tip', 'right_thumb'),
    bones=_one_based([(1, 2), (2, 21), (3, 21), (4, 3), (5, 21), (6, 5),
                      (7, 6), (8, 7), (9, 21), (10, 9), (11, 10), (12, 11),
                      (13, 1), (14, 13), (15, 14), (16, 15), (17, 1),
                      (18, 17), (19, 18), (20, 19), (21, 21), (22, 23),
                      (23, 8), (24, 25), (25, 12)]),
    flip_pairs=((4, 8), (5, 9), (6, 10), (7, 11), (12, 16), (13, 17),
                (14, 18), (15, 19), (21, 23), (22, 24)),
    center=20,
)

COCO = SkeletonLayout(
    name='coco',
    joints=('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
            'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
            'left_wrist', 'right_wrist', 'left_hip', 'right_hip',
            'left_knee', 'right_knee', 'left_ankle', 'right_ankle'),
    bones=((0, 0), (1, 0), (2, 0), (3, 1), (4, 2), (5, 0), (6, 0), (7, 5),
           (8, 6), (9, 7), (10, 8), (11, 5), (12, 6), (13, 11), (14, 12),
           (15, 13), (16, 14)),
    flip_pairs=((1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14),
                (15, 16)),
    center=0,
)

# Human3.6M 17-joint layout as used by MotionBERT / VideoPose3D.
H36M = SkeletonLayout(
    name='h36m',
    joints=('root', 'right_hip', 'right_knee', 'right_foot', 'left_hip',
            'left_knee', 'left_foot', 'spine', 'thorax', 'neck_base',
            'head', 'left_shoulder', 'left_elbow', 'left_wrist',
            'right_shoulder', 'right_elbow', 'right_wrist'),
    bones=((0, 0), (1, 0), (2, 1), (3, 2), (4, 0), (5, 4), (6, 5), (7, 0),
           (8, 7), (9, 8), (10, 9), (11, 8), (12, 11), (13, 12), (14, 8),
           (15, 14), (16, 15)),
    flip_pairs=((4, 1), (5, 2), (6, 3), (11, 14), (12, 15), (13, 16)),
    center=0,
)

# OpenPose COCO-18 (Kinetics-skeleton), centre = neck as in ST-GCN.
OPENPOSE = SkeletonLayout(
    name='openpose',
    joints=('nose', 'neck', 'right_shoulder', 'right_elbow', 'right_wrist',
            'left_shoulder', 'left_elbow', 'left_wrist', 'right_hip',
            'right_knee', 'right_ankle', 'left_hip', 'left_knee',
            'left_ankle', 'right_eye', 'left_eye', 'right_ear', 'left_ear'),
    bones=((0, 1), (1, 1), (2, 1), (3, 2), (4, 3), (5, 1), (6, 5), (7, 6),
           (8, 2), (9, 8), (10, 9), (11, 5), (12, 11), (13, 12), (14, 0),
           (15, 0), (16, 14), (17, 15)),
    flip_pairs=((5, 2), (6, 3), (7, 4), (11, 8), (12, 9), (13, 10),
                (15, 14), (17, 16)),
    center=1,
)

LAYOUTS: Dict[str, SkeletonLayout] = {
    layout.name: layout for layout in (NTU_RGBD, COCO, H36M, OPENPOSE)
}


def get_layout(name) -> SkeletonLayout:
    """Return the layout called ``name`` (a layout object passes through)."""
    if isinstance(name, SkeletonLayout):
        return name
    try:
        return LAYOUTS[name]
    except KeyError:
        raise KeyError(f'unknown skeleton layout {name!r}; expected one of '
                       f'{sorted(LAYOUTS)}') from None
