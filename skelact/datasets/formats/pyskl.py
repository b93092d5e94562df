"""The pyskl / mmaction2 skeleton annotation pickle: reader and writer.

::

    {'split': {'xsub_train': [frame_dir, ...], 'xsub_val': [...], ...},
     'annotations': [{'frame_dir': 'S001C001P001R001A001',
                      'label': 0,
                      'keypoint': float (M, T, V, C),
                      'keypoint_score': float (M, T, V)   (2D files),
                      'total_frames': T,
                      'img_shape': (h, w), 'original_shape': (h, w)  (2D)},
                     ...]}

Both 3D NTU-25 files (``ntu60_3danno.pkl``, ``ntu120_3danno.pkl``) and 2D
COCO-17 files (``ntu60_hrnet.pkl``, ...) are read; any split name of the
file may be chosen. The pickle is loaded through
:mod:`skelact.utils.safe_pickle` (no code runs). The keypoint arrays live in
the pickle itself; convert a very large file to skelact's memory-mapped
format with :func:`pyskl_to_skelact` to train without holding it in memory.
"""
import os
import os.path as osp
import pickle
from typing import Optional

import numpy as np

from ..ntu_meta import parse_ntu_name
from skelact.utils.errors import DataError
from skelact.utils.safe_pickle import safe_load_pickle
from .skelact import SkelactWriter

__all__ = ['read_pyskl', 'select_pyskl_split', 'pyskl_sample',
           'write_pyskl', 'pyskl_to_skelact']


def read_pyskl(path: str):
    """``(split dict or None, annotations list)`` of a pyskl pickle."""
    obj = safe_load_pickle(path)
    if isinstance(obj, dict) and 'annotations' in obj:
        split, annos = obj.get('split'), obj['annotations']
    elif isinstance(obj, list):          # old mmaction2 files: a bare list
        split, annos = None, obj
    else:
        raise DataError(f'{path}: expected a dict with keys "split" and '
                        f'"annotations" (pyskl layout), got '
                        f'{type(obj).__name__}')
    if not isinstance(annos, list):
        raise DataError(f'{path}: field "annotations" is a '
                        f'{type(annos).__name__}, expected a list')
    for i, a in enumerate(annos):
        for key in ('frame_dir', 'label', 'keypoint'):
            if not isinstance(a, dict) or key not in a:
                raise DataError(f'{path}: annotation #{i} lacks the field '
                                f'"{key}"')
    return split, annos


def select_pyskl_split(path: str, split: Optional[dict], annos: list,
                       split_name: Optional[str]) -> list:
    """Indices into ``annos`` of the split ``split_name`` (every
    annotation for ``None``)."""
    if split_name is None:
        return list(range(len(annos)))
    if not split:
        raise DataError(f'{path}: the file holds no "split" dict, but '
                        f'split={split_name!r} was asked for')
    if split_name not in split:
        raise DataError(f'{path}: no split {split_name!r}; the file holds '
                        f'{sorted(split)}')
    pos = {a['frame_dir']: i for i, a in enumerate(annos)}
    wanted = split[split_name]
    missing = [n for n in wanted if n not in pos]
    if missing:
        raise DataError(f'{path}: split {split_name!r} names '
                        f'{len(missing)} samples without annotation, e.g. '
                        f'{missing[0]!r}')
    return [pos[n] for n in wanted]


def pyskl_sample(anno: dict) -> dict:
    """``keypoint`` float32 (M, T, V, C) and, when present,
    ``keypoint_score`` (M, T, V) of one annotation (a single person stored
    without M gets it)."""
    kp = np.asarray(anno['keypoint'], dtype=np.float32)
    if kp.ndim == 3:
        kp = kp[None]
    out = dict(keypoint=kp)
    if anno.get('keypoint_score') is not None:
        sc = np.asarray(anno['keypoint_score'], dtype=np.float32)
        out['keypoint_score'] = sc[None] if sc.ndim == 2 else sc
    return out


def pyskl_to_skelact(pkl_path: str, out_dir: str, layout: str = 'nturgb+d',
                     num_persons: int = 2,
                     num_classes: Optional[int] = None,
                     overwrite: bool = False) -> str:
    """Convert a pyskl pickle (all its splits) into a skelact folder (an
    existing one is refused unless ``overwrite``)."""
    split, annos = read_pyskl(pkl_path)
    first = np.asarray(annos[0]['keypoint'])
    with_score = annos[0].get('keypoint_score') is not None
    w = SkelactWriter(out_dir, layout=layout, num_persons=num_persons,
                      channels=first.shape[-1], num_classes=num_classes,
                      with_score=with_score, overwrite=overwrite)
    for a in annos:
        f = parse_ntu_name(str(a['frame_dir']), with_label=False)
        kp = np.asarray(a['keypoint'], np.float32)[:num_persons]
        sc = a.get('keypoint_score')
        w.add(kp, int(a['label']), str(a['frame_dir']),
              keypoint_score=(np.asarray(sc, np.float32)[:num_persons]
                              if sc is not None else None),
              subject=f.get('subject', -1), camera=f.get('camera', -1),
              setup=f.get('setup', -1), img_shape=a.get('img_shape'))
    pos = {a['frame_dir']: i for i, a in enumerate(annos)}
    splits = {k: [pos[n] for n in v] for k, v in (split or {}).items()}
    return w.close(splits)


def write_pyskl(path: str, samples, splits) -> str:
    """Write a pyskl 3D annotation pickle.

    Args:
        samples: dicts with ``keypoint`` (M, T, V, C) (all-zero persons are
            dropped, pyskl keeps only present persons), ``label``,
            ``sample_name``.
        splits: ``{split_name: [sample indices]}``.
    """
    annos, names = [], []
    for s in samples:
        kp = np.asarray(s['keypoint'], np.float32)
        present = np.abs(kp).reshape(kp.shape[0], -1).max(1) > 0
        if present.any():
            kp = kp[present]
        annos.append(dict(frame_dir=str(s['sample_name']),
                          label=int(s['label']), keypoint=kp,
                          total_frames=int(kp.shape[1])))
        names.append(str(s['sample_name']))
    split = {k: [names[i] for i in v] for k, v in splits.items()}
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    with open(path + '.tmp', 'wb') as f:
        pickle.dump(dict(split=split, annotations=annos), f, protocol=4)
    os.replace(path + '.tmp', path)
    return path
