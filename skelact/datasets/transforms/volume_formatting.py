"""Volume inputs of 3D CNNs (PoseConv3D): the skeleton as a volume, 3D
keypoints projected to an image, and the packing of ``imgs``.

The seed (002) feeds PoseConv3D "pure skeletons sized 17 x 2" without
saying how a 3D CNN reads them. skelact's choice, :class:`SkeletonToVolume`:
the clip as a volume (C, T, H, W) = (x, y[, score], frames, joints,
persons) -- channels are the coordinates (normalised to [-1, 1] by the
image size after the same crops and flips as the heatmaps), the height
axis the V joints in layout order, the width axis the M persons. The
unchanged SlowOnly (``in_channels=3``) then convolves over time and
neighbouring joint indices and pools over persons; its spatial strides
take 17 x 2 to 3 x 1. It keeps one backbone for the three inputs (the seed
trains "the PoseConv3D model" on each) at a fraction of the heatmap cost
(17 x 2 instead of 56 x 56 per channel).
"""
from typing import Sequence, Tuple

import numpy as np
import torch

from skelact.registry import TRANSFORMS
from skelact.skeletons import get_layout
from skelact.structures.action_data_sample import ActionDataSample
from .base import BaseTransform, get_keypoint
from .heatmap import img_shape_of

__all__ = ['SkeletonToVolume', 'ProjectToImage', 'PackVolumeInputs']


@TRANSFORMS.register_module()
class SkeletonToVolume(BaseTransform):
    """2D keypoints as a (S, C, L, V, M) volume ``imgs`` (see the module
    docstring); S = ``num_clips`` (x2 with ``double``), L frames per clip.

    Coordinates map to ``x / w * 2 - 1`` (``img_shape`` (h, w)); keypoints
    at (0, 0) (pyskl's "missing") and their scores become 0. Persons are
    zero-padded or cut to ``num_persons``.

    Args:
        num_persons: M of the volume.
        with_score: add ``keypoint_score`` as a third channel.
        double: also output the mirrored skeleton (x -> -x, left/right
            joints swapped by ``layout``), the test-time flip.
        layout: skeleton layout (flip pairs).
    """

    def __init__(self, num_persons: int = 2, with_score: bool = True,
                 double: bool = False, layout: str = 'coco'):
        self.num_persons = int(num_persons)
        self.with_score = with_score
        self.double = double
        lay = get_layout(layout)
        if double and not lay.flip_pairs:
            raise ValueError(f'SkeletonToVolume(double=True): layout '
                             f'{lay.name!r} has no left/right pairs')
        self.layout = lay.name
        self._flip = np.asarray(lay.flip_index, np.int64)

    def transform(self, results):
        name = type(self).__name__
        kp = get_keypoint(results, name, min_channels=2)[..., :2]
        h, w = img_shape_of(results, name)
        missing = (kp == 0).all(-1)
        coords = kp / np.array([w, h], np.float32) * 2 - 1
        coords[missing] = 0
        chans = [coords]
        if self.with_score:
            score = results.get('keypoint_score')
            if score is None:
                raise KeyError(f'{name}(with_score=True): the record has no '
                               '"keypoint_score"')
            chans.append(np.where(missing, 0, score)[..., None])
        x = np.concatenate(chans, -1).astype(np.float32)   # (M, T, V, C)
        m = self.num_persons
        if x.shape[0] < m:
            pad = np.zeros((m - x.shape[0],) + x.shape[1:], np.float32)
            x = np.concatenate([x, pad])
        x = x[:m]
        s = int(results.get('num_clips', 1))
        if x.shape[1] % s:
            raise ValueError(f'{name}: {x.shape[1]} frames do not split '
                             f'into {s} clips')
        # (M, S*L, V, C) -> (S, C, L, V, M)
        x = x.reshape(m, s, -1, *x.shape[2:]).transpose(1, 4, 2, 3, 0)
        if self.double:
            flipped = x[:, :, :, self._flip].copy()
            flipped[:, 0] *= -1
            x = np.concatenate([x, flipped])
        results['imgs'] = np.ascontiguousarray(x)
        return results


@TRANSFORMS.register_module()
class ProjectToImage(BaseTransform):
    """Pinhole projection of camera-frame 3D keypoints (x right, y up, z
    depth, metres: the synthetic dataset's frame) to pixels:
    ``u = cx + f x / z``, ``v = cy - f y / z`` with the principal point at
    the image centre. Joints at the origin (absent persons) or behind the
    camera get coordinates 0 and ``keypoint_score`` 0; the others score 1.

    Args:
        img_shape: (h, w) of the image (Kinect v2 colour: 1080 x 1920).
        focal: focal length in pixels (Kinect v2 colour camera ~1060).

    Modified: ``keypoint`` (M, T, V, 2); added ``keypoint_score``,
    ``img_shape``.
    """

    def __init__(self, img_shape: Tuple[int, int] = (1080, 1920),
                 focal: float = 1060.):
        if len(img_shape) != 2 or min(img_shape) <= 0 or focal <= 0:
            raise ValueError(f'ProjectToImage: img_shape (h, w) and focal '
                             f'must be positive, got {img_shape}, {focal}')
        self.img_shape = (int(img_shape[0]), int(img_shape[1]))
        self.focal = float(focal)

    def transform(self, results):
        kp = get_keypoint(results, type(self).__name__, min_channels=3)
        x, y, z = kp[..., 0], kp[..., 1], kp[..., 2]
        valid = (z > 1e-6) & (np.abs(kp[..., :3]).sum(-1) > 0)
        zs = np.where(valid, z, 1)
        h, w = self.img_shape
        uv = np.stack([w / 2 + self.focal * x / zs,
                       h / 2 - self.focal * y / zs], -1)
        uv[~valid] = 0
        results['keypoint'] = uv.astype(np.float32)
        results['keypoint_score'] = valid.astype(np.float32)
        results['img_shape'] = self.img_shape
        return results


@TRANSFORMS.register_module()
class PackVolumeInputs(BaseTransform):
    """Pack the volume ``imgs`` (S, C, T, H, W) -- S clips / flips of one
    sample -- into ``inputs`` (a float32 tensor) and the rest into a data
    sample (``num_clips`` = S in its meta info).

    Args:
        meta_keys: record fields copied into the data sample's meta info.
    """

    def __init__(self, meta_keys: Sequence[str] = ('sample_name',
                                                   'total_frames')):
        self.meta_keys = tuple(meta_keys)

    def transform(self, results):
        imgs = results.get('imgs')
        if imgs is None:
            raise KeyError('PackVolumeInputs: results have no "imgs"; put '
                           'GeneratePoseTarget or SkeletonToVolume before it')
        if imgs.ndim == 4:
            imgs = imgs[None]
        if imgs.ndim != 5:
            raise ValueError('PackVolumeInputs: "imgs" must be (S, C, T, H, '
                             f'W), got shape {imgs.shape}')
        sample = ActionDataSample()
        if 'label' in results:
            sample.set_gt_label(results['label'])
        meta = {k: results[k] for k in self.meta_keys if k in results}
        meta['num_clips'] = int(imgs.shape[0])
        sample.set_metainfo(meta)
        inputs = torch.from_numpy(np.ascontiguousarray(imgs, np.float32))
        return dict(inputs=inputs, data_samples=sample)
