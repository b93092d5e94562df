"""Frames, tracking and sliding-window recognition of the video demo."""
from typing import List, Optional, Sequence

import numpy as np

from skelact.utils.errors import DataError

__all__ = ['read_video', 'track_persons', 'sliding_windows',
           'window_labels']


def read_video(path: str, max_frames: Optional[int] = None):
    """``(frames BGR list, fps)``; a file OpenCV cannot decode stops with
    one message."""
    import os.path as osp

    import cv2
    if not osp.isfile(path):
        raise FileNotFoundError(f'video {path!r} does not exist')
    cap = cv2.VideoCapture(path)
    frames = []
    try:
        while cap.isOpened():
            ok, frame = cap.read()
            if not ok:
                break
            frames.append(frame)
            if max_frames and len(frames) >= max_frames:
                break
        fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    finally:
        cap.release()
    if not frames:
        raise DataError(f'{path}: OpenCV decoded no frame (not a video, '
                        'or a codec this build of OpenCV lacks)')
    return frames, float(fps if 0 < fps < 1000 else 25.0)


def _centre(p):
    ok = p[:, 2] > 0 if p.shape[1] > 2 else np.ones(len(p), bool)
    return p[ok, :2].mean(0) if ok.any() else p[:, :2].mean(0)


def track_persons(detections: Sequence[List[np.ndarray]],
                  max_persons: int = 2, max_jump: float = 0.5,
                  scale: float = 1.0) -> np.ndarray:
    """Greedy nearest-centre tracking: per-frame lists of (V, C) persons
    -> (M, T, V, C) with M <= ``max_persons`` tracks (the longest),
    missing frames zero. A centre that moves more than ``max_jump`` x
    ``scale`` starts a new track."""
    if not any(len(d) for d in detections):
        raise DataError('no person found in any frame of the video')
    shape = next(d[0] for d in detections if len(d)).shape
    tracks = []  # each: dict(frames={t: kp}, last=centre)
    for t, persons in enumerate(detections):
        free = list(range(len(persons)))
        for tr in sorted(tracks, key=lambda x: -len(x['frames'])):
            if not free or tr['t'] < t - 5:
                continue
            d = [np.linalg.norm(_centre(persons[i]) - tr['last'])
                 for i in free]
            j = int(np.argmin(d))
            if d[j] <= max_jump * scale:
                i = free.pop(j)
                tr['frames'][t] = persons[i]
                tr['last'], tr['t'] = _centre(persons[i]), t
        for i in free:
            tracks.append(dict(frames={t: persons[i]},
                               last=_centre(persons[i]), t=t))
    tracks = sorted(tracks, key=lambda x: -len(x['frames']))[:max_persons]
    out = np.zeros((len(tracks), len(detections)) + shape, np.float32)
    for m, tr in enumerate(tracks):
        for t, kp in tr['frames'].items():
            out[m, t] = kp
    return out


def sliding_windows(num_frames: int, window: int, stride: int):
    """``[(start, end), ...]`` covering every frame (the last window ends
    at the last frame; a clip shorter than ``window`` is one window)."""
    if window < 1 or stride < 1:
        raise DataError(f'window {window} and stride {stride} must be >= 1')
    if num_frames <= window:
        return [(0, num_frames)]
    starts = list(range(0, num_frames - window + 1, stride))
    if starts[-1] + window < num_frames:
        starts.append(num_frames - window)
    return [(s, s + window) for s in starts]


def window_labels(num_frames: int, windows, results) -> List[str]:
    """Per frame, the text of the latest window that covers it."""
    texts = [''] * num_frames
    for (s, e), r in zip(windows, results):
        line = f'{r.names[0]} ({r.scores[0]:.2f})'
        for t in range(s, e):
            texts[t] = line
    return texts
