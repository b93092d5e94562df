"""Writing a prepared benchmark: skelact's folder, the optional AimCLR and
pyskl layouts, and the report."""
import json
import os
import os.path as osp
from typing import Dict, List

import numpy as np

from skelact.datasets.formats.aimclr import write_aimclr
from skelact.datasets.formats.pyskl import write_pyskl
from skelact.datasets.formats.skelact import SkelactWriter
from skelact.datasets.transforms.aimclr_normalize import AimCLRNormalize
from skelact.utils.atomic_io import (atomic_write_path,
                                     refuse_existing_outputs)

__all__ = ['aimclr_transform', 'write_benchmark_outputs', 'output_summary',
           'write_report', 'benchmark_output_paths', 'check_benchmark_outputs']


def aimclr_transform(length: int = 50, normalize: bool = True):
    """The AimCLR/CrosSCLR 50-frame preparation of a record:
    :class:`~skelact.datasets.transforms.AimCLRNormalize` with the authors'
    choices (each person's spine-shoulder joint at the origin, the valid
    frames resized to ``length``, the shoulders turned onto x frame by
    frame); ``normalize=False`` only resizes."""
    if normalize:
        norm = AimCLRNormalize(length=length)
    else:
        norm = AimCLRNormalize(length=length, center_joint=None,
                               rotation=None)

    def apply(rec):
        rec = dict(rec, keypoint=np.array(rec['keypoint'], np.float32),
                   total_frames=rec['keypoint'].shape[1])
        return norm(rec)
    return apply


def write_benchmark_outputs(out_root: str, prefix: str, samples: List[dict],
                            splits: Dict[str, np.ndarray], num_classes: int,
                            aimclr: bool = False, aimclr_raw: bool = False,
                            aimclr_normalize: bool = True,
                            aimclr_max_frames: int = 300,
                            pyskl: bool = False, pyskl_name: str = None,
                            get_keypoint=None, log=print,
                            overwrite: bool = False) -> dict:
    """Write the skelact folder (always) and the optional AimCLR / pyskl
    layouts of one benchmark; returns what was written.

    Layout under ``out_root``::

        <prefix>_skelact/                 every split (SkelactDataset)
        <prefix>_aimclr/<protocol>/       50 frames   (--aimclr)
          {train,val}_position.npy, {train,val}_label.pkl
        <prefix>_aimclr300/<protocol>/    raw, zero-padded to 300 frames
        <prefix>_pyskl/<pyskl_name>       pyskl pickle (--pyskl)

    ``samples`` are light records (``sample_name``, ``label``, ``subject``,
    ``camera``, ``setup``); ``get_keypoint(i)`` returns sample ``i``'s
    (M, T, 25, 3) keypoint (default: ``samples[i]['keypoint']``), so that
    only one sample is in memory at a time. Existing outputs are refused
    unless ``overwrite`` (see :func:`check_benchmark_outputs`).
    """
    check_benchmark_outputs(out_root, prefix, aimclr, aimclr_raw, pyskl,
                            pyskl_name, overwrite)
    if get_keypoint is None:
        def get_keypoint(i):
            return samples[i]['keypoint']
    written = {}
    sk_dir = osp.join(out_root, prefix + '_skelact')
    w = SkelactWriter(sk_dir, layout='nturgb+d', num_persons=2, channels=3,
                      num_classes=num_classes, overwrite=overwrite)
    lengths = []
    for i, s in enumerate(samples):
        kp = get_keypoint(i)
        lengths.append(kp.shape[1])
        w.add(kp, s['label'], s['sample_name'],
              subject=s.get('subject', -1), camera=s.get('camera', -1),
              setup=s.get('setup', -1))
    w.close(splits)
    written['skelact'] = sk_dir
    log(f'wrote {sk_dir} ({len(samples)} samples)')
    # later layouts read the memory-mapped skelact array back
    kp_all = np.load(osp.join(sk_dir, 'keypoint.npy'), mmap_mode='r')
    starts = np.cumsum([0] + lengths)

    class _Lazy:
        def __init__(self, idx):
            self.idx = list(idx)

        def __len__(self):
            return len(self.idx)

        def __iter__(self):
            for i in self.idx:
                s = samples[i]
                kp = np.asarray(kp_all[starts[i]:starts[i + 1]])
                yield dict(sample_name=s['sample_name'], label=s['label'],
                           keypoint=kp.transpose(1, 0, 2, 3))

    protocols = sorted({k.rsplit('_', 1)[0] for k in splits})
    variants = []
    if aimclr:
        variants.append(('_aimclr', aimclr_transform(50, aimclr_normalize),
                         50))
    if aimclr_raw:
        variants.append(('_aimclr300', None, aimclr_max_frames))
    for suffix, transform, t in variants:
        for prot in protocols:
            folder = osp.join(out_root, prefix + suffix, prot)
            for part in ('train', 'val'):
                res = write_aimclr(folder, part,
                                   _Lazy(splits[f'{prot}_{part}']),
                                   t, transform=transform)
                if res['truncated']:
                    written.setdefault('truncated', []).extend(
                        res['truncated'])
            written[prefix + suffix + '/' + prot] = folder
            log(f'wrote {folder}')
    if pyskl:
        path = osp.join(out_root, prefix + '_pyskl',
                        pyskl_name or f'{prefix}_3danno.pkl')
        write_pyskl(path, _Lazy(range(len(samples))), splits)
        written['pyskl'] = path
        log(f'wrote {path}')
    return written


def benchmark_output_paths(out_root: str, prefix: str, aimclr: bool = False,
                           aimclr_raw: bool = False, pyskl: bool = False,
                           pyskl_name: str = None) -> list:
    """What :func:`write_benchmark_outputs` and :func:`write_report`
    would write under ``out_root`` (the cache is not an output: it
    merges)."""
    paths = [osp.join(out_root, prefix + '_skelact')]
    if aimclr:
        paths.append(osp.join(out_root, prefix + '_aimclr'))
    if aimclr_raw:
        paths.append(osp.join(out_root, prefix + '_aimclr300'))
    if pyskl:
        paths.append(osp.join(out_root, prefix + '_pyskl',
                              pyskl_name or f'{prefix}_3danno.pkl'))
    paths += [osp.join(out_root, prefix + '_report' + ext)
              for ext in ('.json', '.txt')]
    return paths


def check_benchmark_outputs(out_root: str, prefix: str, aimclr: bool = False,
                            aimclr_raw: bool = False, pyskl: bool = False,
                            pyskl_name: str = None, overwrite: bool = False):
    """Refuse (before any parsing) to replace a benchmark's outputs
    unless ``overwrite``; with it, only these files are replaced."""
    refuse_existing_outputs(
        benchmark_output_paths(out_root, prefix, aimclr, aimclr_raw, pyskl,
                               pyskl_name), overwrite,
        what=f'output of a previous {prefix} preparation')


def output_summary(splits: Dict[str, np.ndarray], outputs: dict) -> dict:
    """The report's entries on what :func:`write_benchmark_outputs` wrote:
    split sizes, output folders, samples cut to 300 frames."""
    return dict(
        splits={k: int(len(v)) for k, v in splits.items()},
        outputs={k: v for k, v in outputs.items() if k != 'truncated'},
        truncated_to_300_frames=outputs.get('truncated', []))


def write_report(out_root: str, prefix: str, report: dict) -> str:
    """``<prefix>_report.json`` and a readable ``<prefix>_report.txt``."""
    os.makedirs(out_root, exist_ok=True)
    path = osp.join(out_root, prefix + '_report')
    with atomic_write_path(path + '.json') as tmp, open(tmp, 'w') as f:
        json.dump(report, f, indent=1, sort_keys=True)
    lines = [f'{k}: {v}' for k, v in sorted(report.items())
             if not isinstance(v, (dict, list))]
    for k in ('splits', 'outputs'):
        if k in report:
            lines.append(f'{k}:')
            lines += [f'  {a}: {b}' for a, b in report[k].items()]
    bad = report.get('skipped_bad', {})
    lines.append(f'skipped bad files ({len(bad)}):')
    lines += [f'  {n}: {r}' for n, r in sorted(bad.items())]
    with atomic_write_path(path + '.txt') as tmp, open(tmp, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path + '.json'
