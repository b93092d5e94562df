"""Conversion between skeleton layouts.

A conversion is a fixed linear map of the joints: every target joint is a
weighted mean of source joints, ``y[..., u, :] = sum_v W[u, v] x[..., v, :]``.
It is applied to every channel of ``keypoint`` (so a confidence stored as
the third channel is carried along, averaged where joints are averaged)
and to ``keypoint_score`` (M, T, V) when present.

COCO-17 -> H36M-17 is MotionBERT's ``coco2h36m``
(Walter0807/MotionBERT, ``lib/data/dataset_action.py``); in skelact's H36M
names (``skelact.skeletons.H36M``; MotionBERT calls joint 7 'belly',
8 'neck', 9 'nose'):

====  ==============  ===========================================
H36M  name            COCO source
====  ==============  ===========================================
0     root            mean(left_hip 11, right_hip 12)
1-3   right hip/knee/foot   right_hip 12, right_knee 14, right_ankle 16
4-6   left hip/knee/foot    left_hip 11, left_knee 13, left_ankle 15
7     spine (belly)   mean(root, thorax) = 1/4 each of 5, 6, 11, 12
8     thorax (neck)   mean(left_shoulder 5, right_shoulder 6)
9     neck_base (nose)  nose 0
10    head            mean(left_eye 1, right_eye 2)
11-13 left shoulder/elbow/wrist   5, 7, 9
14-16 right shoulder/elbow/wrist  6, 8, 10
====  ==============  ===========================================

NTU-25 (Kinect v2) -> H36M-17, skelact's choice (every H36M joint has a
Kinect counterpart, so no averaging): root <- spine_base 0 (the Kinect
pelvis joint), right hip/knee/foot <- 16/17/18 (right_hip, right_knee,
right_ankle), left hip/knee/foot <- 12/13/14, spine <- spine_mid 1,
thorax <- spine_shoulder 20, neck_base <- neck 2, head <- head 3, left
shoulder/elbow/wrist <- 4/5/6, right shoulder/elbow/wrist <- 8/9/10. The
Kinect hands, hand tips, thumbs and feet (7, 11, 15, 19, 21-24) are
dropped.

A quirk of MotionBERT's action data (``ActionDataset``): the coordinates
are converted to H36M but the confidence channel is concatenated from the
*unconverted* COCO ``keypoint_score`` (joint j of the H36M skeleton gets the
score of COCO joint j). Its released action checkpoints were trained so;
``score_order='source'`` reproduces it (``keypoint_score`` left in the
source order), the default ``'converted'`` maps the scores like the joints.
"""
from typing import Dict, Tuple

import numpy as np

from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout
from .base import BaseTransform

__all__ = ['ConvertLayout', 'LAYOUT_CONVERSIONS', 'conversion_matrix',
           'convert_layout']

# target joint -> {source joint: weight}; weights of a target sum to 1.
_COCO_TO_H36M = {
    0: {11: 0.5, 12: 0.5},
    1: {12: 1.0}, 2: {14: 1.0}, 3: {16: 1.0},
    4: {11: 1.0}, 5: {13: 1.0}, 6: {15: 1.0},
    7: {5: 0.25, 6: 0.25, 11: 0.25, 12: 0.25},
    8: {5: 0.5, 6: 0.5},
    9: {0: 1.0},
    10: {1: 0.5, 2: 0.5},
    11: {5: 1.0}, 12: {7: 1.0}, 13: {9: 1.0},
    14: {6: 1.0}, 15: {8: 1.0}, 16: {10: 1.0},
}

_NTU_TO_H36M = {
    0: {0: 1.0},
    1: {16: 1.0}, 2: {17: 1.0}, 3: {18: 1.0},
    4: {12: 1.0}, 5: {13: 1.0}, 6: {14: 1.0},
    7: {1: 1.0},
    8: {20: 1.0},
    9: {2: 1.0},
    10: {3: 1.0},
    11: {4: 1.0}, 12: {5: 1.0}, 13: {6: 1.0},
    14: {8: 1.0}, 15: {9: 1.0}, 16: {10: 1.0},
}

# NTU-25 -> COCO-17, skelact's choice for 2D renderings of 3D NTU-style
# data (the synthetic PoseConv3D configs): limbs map one to one (shoulders
# 4/8, elbows 5/9, wrists 6/10, hips 12/16, knees 13/17, ankles 14/18); the
# Kinect skeleton has no face, so nose <- head 3 and the eyes / ears are
# the head moved 10 % / 25 % of the way towards the shoulder of their side
# (left and right stay distinct for flips).
_NTU_TO_COCO = {
    0: {3: 1.0},
    1: {3: 0.9, 4: 0.1}, 2: {3: 0.9, 8: 0.1},
    3: {3: 0.75, 4: 0.25}, 4: {3: 0.75, 8: 0.25},
    5: {4: 1.0}, 6: {8: 1.0}, 7: {5: 1.0}, 8: {9: 1.0},
    9: {6: 1.0}, 10: {10: 1.0}, 11: {12: 1.0}, 12: {16: 1.0},
    13: {13: 1.0}, 14: {17: 1.0}, 15: {14: 1.0}, 16: {18: 1.0},
}

LAYOUT_CONVERSIONS: Dict[Tuple[str, str], Dict[int, Dict[int, float]]] = {
    ('coco', 'h36m'): _COCO_TO_H36M,
    ('nturgb+d', 'h36m'): _NTU_TO_H36M,
    ('nturgb+d', 'coco'): _NTU_TO_COCO,
}


def conversion_matrix(src: str, dst: str) -> np.ndarray:
    """The (V_dst, V_src) joint map from layout ``src`` to ``dst``."""
    src_l, dst_l = get_layout(src), get_layout(dst)
    if src_l.name == dst_l.name:
        return np.eye(src_l.num_joints)
    rules = LAYOUT_CONVERSIONS.get((src_l.name, dst_l.name))
    if rules is None:
        raise KeyError(f'no layout conversion {src_l.name!r} -> '
                       f'{dst_l.name!r}; known: {sorted(LAYOUT_CONVERSIONS)}')
    mat = np.zeros((dst_l.num_joints, src_l.num_joints))
    for u, weights in rules.items():
        for v, w in weights.items():
            mat[u, v] = w
    return mat


def convert_layout(x: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Apply a joint map to ``x`` (..., V_src, C) or, for scores,
    (M, T, V_src) -- pass ``x[..., None]`` and drop the axis."""
    out = np.einsum('uv,...vc->...uc', matrix, x.astype(np.float64))
    return out.astype(x.dtype)


@TRANSFORMS.register_module()
class ConvertLayout(BaseTransform):
    """Convert ``keypoint`` (M, T, V, C) and ``keypoint_score`` (M, T, V)
    from layout ``src`` to ``dst`` (see the module docstring for the joint
    maps).

    Args:
        src: source layout, ``'coco'`` or ``'nturgb+d'``.
        dst: target layout (``'h36m'``).
        score_order: ``'converted'`` (map ``keypoint_score`` like the
            joints) or ``'source'`` (leave it in the source joint order,
            MotionBERT's action-data behaviour; needs V_src == V_dst).
    """

    def __init__(self, src: str = 'coco', dst: str = 'h36m',
                 score_order: str = 'converted'):
        if score_order not in ('converted', 'source'):
            raise ValueError("ConvertLayout: score_order must be 'converted' "
                             f"or 'source', got {score_order!r}")
        self.src = get_layout(src).name
        self.dst = get_layout(dst).name
        self.score_order = score_order
        self._matrix = conversion_matrix(self.src, self.dst)
        if score_order == 'source' and \
                self._matrix.shape[0] != self._matrix.shape[1]:
            raise ValueError("ConvertLayout: score_order='source' needs "
                             'layouts with the same joint count')

    def transform(self, results):
        kp = results.get('keypoint')
        if kp is None:
            raise KeyError('ConvertLayout: results have no "keypoint"')
        v_src = self._matrix.shape[1]
        if not isinstance(kp, np.ndarray) or kp.ndim != 4 or \
                kp.shape[2] != v_src:
            raise ValueError(
                f'ConvertLayout({self.src} -> {self.dst}): "keypoint" must be '
                f'(M, T, {v_src}, C), got {getattr(kp, "shape", type(kp))}')
        results['keypoint'] = convert_layout(kp, self._matrix)
        score = results.get('keypoint_score')
        if score is not None and self.score_order == 'converted':
            results['keypoint_score'] = convert_layout(
                score[..., None], self._matrix)[..., 0]
        results['layout'] = self.dst
        return results
