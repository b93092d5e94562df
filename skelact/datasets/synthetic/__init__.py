"""The built-in synthetic skeleton dataset: NTU-like, no download.

Whole-body actions are produced by a kinematic skeleton of the 25 NTU RGB+D
joints (:data:`skelact.skeletons.NTU_RGBD`): a rest pose built from bone
lengths, joint angles driven over time by one motion function per class,
forward kinematics, feet put on the floor, then the scene seen by three
Kinect-like cameras. See ``docs/synthetic.md``.

Variation model
    - subject: body scale and bone proportions, tempo and amplitude style;
    - performance (one subject doing one action once, seen by every camera
      at the same time, as in NTU): length, start offset, phase, tempo and
      amplitude jitter, facing direction, position on the floor, a slow
      random sway of every joint;
    - camera: yaw about the vertical axis (camera 1 at 0 deg, 2 at +45 deg,
      3 at -45 deg), height, distance, tilt and roll per setup, plus
      per-sample jitter, and Gaussian sensor noise on the joints.

Coordinates are metres in the camera frame: x right (the subject's left
when facing the camera), y up, z depth (about 2-4 m).

Everything is drawn from ``np.random.default_rng(seed)``; the same
arguments give the same arrays.

Modules: :mod:`.body` (kinematic tree, body proportions), :mod:`.motions`
(motion primitives), :mod:`.actions` (the classes), :mod:`.camera`
(camera setups and views), :mod:`.generator` (records, names, splits) and
:mod:`.dataset` (:class:`SyntheticDataset`).
"""
from .actions import ACTIONS, CLASSES, INTERACTION_CLASSES, Action
from .dataset import SyntheticDataset
from .generator import (SPLITS, cached_synthetic, generate_synthetic,
                        parse_sample_name, synthetic_splits)
from .nuisance import HARD, NUISANCE_DEFAULTS

__all__ = ['ACTIONS', 'CLASSES', 'HARD', 'NUISANCE_DEFAULTS', 'INTERACTION_CLASSES', 'Action', 'SPLITS',
           'SyntheticDataset', 'cached_synthetic', 'generate_synthetic',
           'parse_sample_name', 'synthetic_splits']
