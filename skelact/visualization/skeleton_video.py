"""Skeleton clips rendered with OpenCV to MP4 or GIF.

3D keypoints are rotated to a chosen view (azimuth, elevation, degrees)
and projected orthographically; 2D keypoints are drawn on their image size.
Every person is drawn; joints and bones are coloured by side from the
layout's joint names (:mod:`skelact.skeletons`): left blue, right red,
centre green. Output is written to a temporary file and renamed: a failed
render leaves no partial file.
"""
import os
import os.path as osp
from typing import List, Optional, Sequence, Tuple

import numpy as np

from skelact.skeletons import get_layout
from skelact.utils.errors import DataError

__all__ = ['joint_colors', 'project_view', 'render_skeleton_frames',
           'write_video', 'VIDEO_EXTS']

VIDEO_EXTS = ('.mp4', '.gif', '.avi')
_SIDE_BGR = {'left': (220, 120, 30), 'right': (40, 40, 220),
             'centre': (60, 170, 60)}


def joint_colors(layout) -> List[Tuple[int, int, int]]:
    """BGR colour per joint from its side in the layout's names."""
    out = []
    for name in get_layout(layout).joints:
        side = 'left' if name.startswith('left') else 'right' if \
            name.startswith('right') else 'centre'
        out.append(_SIDE_BGR[side])
    return out


def project_view(kp: np.ndarray, azim: float = 30.0, elev: float = 15.0
                 ) -> np.ndarray:
    """(..., 3) -> (..., 2): rotate about the vertical (y) axis by
    ``azim`` and tilt by ``elev``, keep x and -y (image rows grow
    downwards)."""
    a, e = np.deg2rad(azim), np.deg2rad(elev)
    ry = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0],
                   [-np.sin(a), 0, np.cos(a)]])
    rx = np.array([[1, 0, 0], [0, np.cos(e), -np.sin(e)],
                   [0, np.sin(e), np.cos(e)]])
    p = kp @ (rx @ ry).T
    return np.stack([p[..., 0], -p[..., 1]], -1)


def _present(kp):
    """(M, T, V) mask of joints with data (all-zero = padding)."""
    return np.abs(kp).sum(-1) > 0


def render_skeleton_frames(keypoint: np.ndarray, layout='nturgb+d',
                           size: Tuple[int, int] = (480, 480),
                           img_shape: Optional[Tuple[int, int]] = None,
                           azim: float = 30.0, elev: float = 15.0,
                           texts: Optional[Sequence[str]] = None,
                           background: Optional[Sequence[np.ndarray]] = None
                           ) -> List[np.ndarray]:
    """BGR frames (H, W, 3) of a clip ``keypoint`` (M, T, V, C).

    C = 3: projected by ``azim`` / ``elev`` and fitted into ``size`` (W, H);
    C = 2: pixel coordinates on an image of ``img_shape`` (H, W) (default:
    the background's or the keypoints' extent). ``texts``: one line per
    frame (or one for all) drawn at the top; ``background``: frames to draw
    on (a video).
    """
    import cv2
    kp = np.asarray(keypoint, np.float32)
    if kp.ndim == 3:
        kp = kp[None]
    lay = get_layout(layout)
    if kp.ndim != 4 or kp.shape[-1] < 2:
        raise DataError(f'keypoints of shape {kp.shape}; expected (M, T, V, '
                        'C) with C = 2 or 3')
    if kp.shape[2] != lay.num_joints:
        raise DataError(f'keypoints have {kp.shape[2]} joints; layout '
                        f'{lay.name!r} has {lay.num_joints}')
    present = _present(kp[..., :3])
    m, t = kp.shape[:2]
    if kp.shape[-1] >= 3 and background is None and img_shape is None:
        xy = project_view(kp[..., :3], azim, elev)
        w, h = size
        pts = xy[present]
        if len(pts) == 0:
            raise DataError('the clip holds no joint with data (all zero)')
        band = 28 if texts else 0  # room for the text line at the top
        lo, hi = pts.min(0), pts.max(0)
        scale = 0.9 * min(w / max(hi[0] - lo[0], 1e-6),
                          (h - band) / max(hi[1] - lo[1], 1e-6))
        centre = (lo + hi) / 2
        xy = (xy - centre) * scale + np.array([w / 2, (h + band) / 2])
    else:
        xy = kp[..., :2]
        if background is not None:
            h, w = background[0].shape[:2]
        elif img_shape is not None:
            h, w = int(img_shape[0]), int(img_shape[1])
        else:
            pts = xy[present]
            h = int(pts[:, 1].max()) + 10 if len(pts) else size[1]
            w = int(pts[:, 0].max()) + 10 if len(pts) else size[0]
    colors = joint_colors(lay)
    thick = max(1, int(round(min(w, h) / 160)))
    frames = []
    for f in range(t):
        img = (background[min(f, len(background) - 1)].copy()
               if background is not None else
               np.full((h, w, 3), 255, np.uint8))
        for p in range(m):
            for child, parent in lay.edges:
                if present[p, f, child] and present[p, f, parent]:
                    a = tuple(int(v) for v in xy[p, f, child])
                    b = tuple(int(v) for v in xy[p, f, parent])
                    cv2.line(img, a, b, colors[child], thick + 1,
                             cv2.LINE_AA)
            for j in range(lay.num_joints):
                if present[p, f, j]:
                    c = tuple(int(v) for v in xy[p, f, j])
                    cv2.circle(img, c, thick + 2, colors[j], -1,
                               cv2.LINE_AA)
        if texts:
            line = texts[f] if len(texts) == t else texts[0]
            if line:
                cv2.rectangle(img, (0, 0), (w, 26), (255, 255, 255), -1)
                cv2.putText(img, line, (6, 19), cv2.FONT_HERSHEY_SIMPLEX,
                            0.55, (0, 0, 0), 1, cv2.LINE_AA)
        frames.append(img)
    return frames


def write_video(frames: Sequence[np.ndarray], out: str, fps: float = 15.0
                ) -> str:
    """Write BGR frames to ``out`` (.mp4 / .avi with OpenCV, .gif with
    Pillow), atomically."""
    import cv2
    from skelact.utils.atomic_io import atomic_write_path
    ext = osp.splitext(out)[1].lower()
    if ext not in VIDEO_EXTS:
        raise DataError(f'{out}: unknown video type {ext or "(none)"!r}; '
                        f'expected one of {", ".join(VIDEO_EXTS)}')
    if not frames:
        raise DataError(f'{out}: no frames to write')
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with atomic_write_path(out) as tmp:
        if ext == '.gif':
            from PIL import Image
            imgs = [Image.fromarray(cv2.cvtColor(f, cv2.COLOR_BGR2RGB))
                    for f in frames]
            imgs[0].save(tmp, format='GIF', save_all=True,
                         append_images=imgs[1:], loop=0,
                         duration=int(1000 / fps))
        else:
            tmp_video = tmp + ext  # OpenCV picks the container by name
            h, w = frames[0].shape[:2]
            fourcc = cv2.VideoWriter_fourcc(*('mp4v' if ext == '.mp4'
                                              else 'MJPG'))
            writer = cv2.VideoWriter(tmp_video, fourcc, fps, (w, h))
            if not writer.isOpened():
                raise DataError(f'{out}: OpenCV cannot open a {ext} writer')
            try:
                for f in frames:
                    writer.write(np.ascontiguousarray(f))
            finally:
                writer.release()
            os.replace(tmp_video, tmp)
    return out
