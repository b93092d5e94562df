"""Video -> skeleton -> action (tools/demo_video.py): frames read with
OpenCV, 2D poses from MediaPipe's pose landmarker (``pip install
'skelact[video]'``) or precomputed keypoints, landmarks converted to
COCO-17 / H36M-17, persons tracked across frames, the recognizer run on
sliding windows."""
from .landmarks import MEDIAPIPE_TO_COCO, landmarks_to_layout
from .pipeline import (read_video, sliding_windows, track_persons,
                       window_labels)
from .pose import MediaPipePose, PoseUnavailable

__all__ = ['MEDIAPIPE_TO_COCO', 'landmarks_to_layout', 'read_video',
           'sliding_windows', 'track_persons', 'window_labels',
           'MediaPipePose', 'PoseUnavailable']
