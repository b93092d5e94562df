"""MediaPipe's 33 pose landmarks -> COCO-17 (and, through
:mod:`skelact.datasets.transforms.layout`, H36M-17)."""
import numpy as np

from skelact.utils.errors import DataError

__all__ = ['MEDIAPIPE_TO_COCO', 'landmarks_to_layout', 'KEYPOINT_LAYOUTS']

# COCO joint i is MediaPipe landmark MEDIAPIPE_TO_COCO[i] (BlazePose
# topology: 0 nose, 2/5 eyes, 7/8 ears, 11-16 arms, 23-28 legs)
MEDIAPIPE_TO_COCO = (0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26,
                     27, 28)
KEYPOINT_LAYOUTS = {'mediapipe': 33, 'coco': 17, 'h36m': 17}


def landmarks_to_layout(kp: np.ndarray, src: str, dst: str) -> np.ndarray:
    """``(..., V_src, C)`` keypoints of layout ``src`` (``mediapipe``,
    ``coco``) as layout ``dst`` (``coco``, ``h36m``)."""
    kp = np.asarray(kp, np.float32)
    if src not in KEYPOINT_LAYOUTS:
        raise DataError(f'unknown keypoint layout {src!r}; expected one of '
                        f'{", ".join(sorted(KEYPOINT_LAYOUTS))}')
    if dst not in ('coco', 'h36m'):
        raise DataError(f'unknown target layout {dst!r}; expected coco or '
                        'h36m')
    if kp.shape[-2] != KEYPOINT_LAYOUTS[src]:
        raise DataError(f'{kp.shape[-2]} joints do not fit layout {src!r} '
                        f'({KEYPOINT_LAYOUTS[src]} joints)')
    if src == 'mediapipe':
        kp = kp[..., MEDIAPIPE_TO_COCO, :]
        src = 'coco'
    if src == dst:
        return kp
    if src == 'h36m':
        raise DataError('h36m -> coco is not defined (H36M has no face '
                        'joints)')
    from skelact.datasets.transforms.layout import (conversion_matrix,
                                                    convert_layout)
    return convert_layout(kp, conversion_matrix('coco', 'h36m'))
