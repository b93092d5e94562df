"""The cameras of the synthetic dataset: Kinect-like setups (yaw about the
vertical axis, height, distance, tilt, roll) and the world -> camera frame
view with per-sample jitter."""
import numpy as np

from .body import axis_rotation, rotate_points

__all__ = ['CAMERA_YAW_DEG', 'camera_setups', 'view_from_camera']

# camera yaw (degrees) about the vertical axis, NTU-like
CAMERA_YAW_DEG = (0., 45., -45.)


def camera_setups(rng, num_setups, num_cameras):
    """Per (setup, camera): yaw (rad), height, distance, tilt, roll."""
    yaw = np.deg2rad([CAMERA_YAW_DEG[c] if c < len(CAMERA_YAW_DEG)
                      else 45. * (c - 1) for c in range(num_cameras)])
    shape = (num_setups, num_cameras)
    return dict(yaw=np.broadcast_to(yaw, shape),
                height=rng.uniform(.7, 1.3, shape),
                distance=rng.uniform(2.5, 3.5, shape),
                tilt=np.deg2rad(rng.uniform(-5, 5, shape)),
                roll=np.deg2rad(rng.uniform(-2, 2, shape)))


def view_from_camera(world, rng, yaw, height, distance, tilt, roll):
    """World (N, M, T, V, 3) -> camera frame, one camera per sample (N,):
    turn the scene so that the camera looks along +z, move the camera to
    the origin, then tilt and roll it."""
    n = len(world)
    jitter = rng.normal(0, 1, (n, 4)) * [.03, .05, np.deg2rad(1),
                                         np.deg2rad(3)]
    cam = rotate_points(axis_rotation(1, -(yaw + jitter[:, 3])), world)
    cam[..., 1] -= (height + jitter[:, 0])[:, None, None, None]
    cam[..., 2] += (distance + jitter[:, 1])[:, None, None, None]
    tilt_roll = axis_rotation(2, roll) @ axis_rotation(0, tilt + jitter[:, 2])
    return rotate_points(tilt_roll, cam)
