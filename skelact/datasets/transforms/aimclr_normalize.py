"""The AimCLR / CrosSCLR normalisation of NTU-style 3D skeletons as one
transform.

The authors (Levigty/AimCLR, LinguoLi/CrosSCLR ``feeder/preprocess_ntu.py``
-> ``NTUDatasets.NTUMotionProcessor(data_type='relative', t_length=50,
y_rotation=True, sampling='resize')``, on the 300-frame ``ntu_gendata``
arrays) do, per sample and in this order:

1. ``relative``: subtract every person's own joint 21 (1-based; 0-based 20,
   spine-shoulder) from all its joints, frame by frame;
2. ``resize``: resize the first ``length`` frames to 50 (``cv2.resize``,
   ``INTER_LINEAR``, half-pixel centres), ``length`` being the number of
   frames in which the first person's joint 0 is non-zero;
3. ``y_rotation`` (``parallel_skeleton``): for each person and **each
   frame**, rotate about y so that the xz-projection of right minus left
   shoulder (0-based joints 8 and 4) points along +x, with the angle's sign
   chosen once per sequence.

:class:`AimCLRNormalize` runs :class:`CenterJoint`, :class:`ResizeFrames`
and :class:`AlignShoulders` in that order with the authors' constants as
defaults; each deviation is an argument. The small deviations of the steps
themselves (absent joints stay zero when centred) are documented at the
steps in :mod:`.preprocessing`.
"""
from typing import Optional, Sequence

from skelact.registry import TRANSFORMS
from .base import BaseTransform
from .preprocessing import AlignShoulders, CenterJoint, ResizeFrames

__all__ = ['AimCLRNormalize']


@TRANSFORMS.register_module()
class AimCLRNormalize(BaseTransform):
    """Centre, resize and rotate as AimCLR / CrosSCLR prepared NTU RGB+D.

    Args:
        length: frames after resizing (authors: 50); ``None`` skips the
            resize (the frames stay as they are).
        center_joint: 0-based joint moved to the origin, per person and
            frame (authors: 20, spine-shoulder); ``None`` skips centring.
        rotation: ``'frame'`` -- the authors' ``y_rotation``, an angle per
            person and frame; ``'first'`` -- one rotation from the first
            person's first frame with data for the whole sample (keeps the
            turning of the body; the reading skelact's synthetic configs
            use); ``None`` skips the rotation.
        rotate_before_resize: rotate the raw frames, then resize (authors:
            ``False``, the rotation acts on the resized frames). The
            synthetic configs use ``True`` with ``rotation='first'``.
        shoulders: 0-based ``(left, right)`` shoulder joints (authors:
            ``(4, 8)``).
        exact_sign: ``rotation='frame'`` only: ``False`` reproduces the
            authors' one sign per sequence, ``True`` takes each frame's
            exact angle (see :class:`AlignShoulders`).
        align_corners: of the resize (authors: ``False``, see
            :class:`ResizeFrames`).
        length_rule: which frames are resized (see :class:`ResizeFrames`):
            ``'authors'`` -- as many as the first person's joint 0 is
            non-zero in; ``'last'`` -- up to the last frame with data of
            any person (the synthetic configs' reading). Counted after
            the centring (the authors count before it; the same unless
            joint 0 sits exactly on the centre joint).
    """

    def __init__(self, length: Optional[int] = 50,
                 center_joint: Optional[int] = 20,
                 rotation: Optional[str] = 'frame',
                 rotate_before_resize: bool = False,
                 shoulders: Sequence[int] = (4, 8),
                 exact_sign: bool = False, align_corners: bool = False,
                 length_rule: str = 'authors'):
        if rotation not in ('frame', 'first', None):
            raise ValueError(f'AimCLRNormalize: rotation must be "frame", '
                             f'"first" or None, got {rotation!r}')
        self.length = None if length is None else int(length)
        self.center_joint = center_joint
        self.rotation = rotation
        self.rotate_before_resize = rotate_before_resize
        self.shoulders = tuple(shoulders)
        self.exact_sign = exact_sign
        self.align_corners = align_corners
        self.length_rule = length_rule
        center = ([] if center_joint is None
                  else [CenterJoint(joint=center_joint, reference='self')])
        rotate = ([] if rotation is None else [AlignShoulders(
            left=self.shoulders[0], right=self.shoulders[1], mode=rotation,
            exact_sign=exact_sign)])
        resize = ([] if length is None else [ResizeFrames(
            length=length, align_corners=align_corners,
            length_rule=length_rule)])
        self._steps = center + (rotate + resize if rotate_before_resize
                                else resize + rotate)

    def transform(self, results):
        for step in self._steps:
            results = step(results)
        return results
