"""NTU RGB+D 60 / 120 raw ``.skeleton`` files -> training-ready datasets.

One file is parsed (:mod:`.ntu_skeleton`) and denoised
(:mod:`.ntu_denoise`) into a sample record by
:func:`process_skeleton_file`; :func:`prepare_ntu` runs that over every file
in worker processes (:mod:`.runner`), caches each result (resumable), skips
bad files with their reason, and writes the datasets and the report
(:mod:`.export`). Labels are the action number minus one, never re-based on
the smallest label present.
"""
import json
import os
import os.path as osp
from typing import Dict, Optional, Sequence

import numpy as np

from skelact.datasets.ntu_meta import (BENCHMARKS, NTU_NAME_RE, in_benchmark,
                                       load_missing_skeletons, ntu_splits,
                                       parse_ntu_name)
from .export import (check_benchmark_outputs, output_summary,
                     write_benchmark_outputs, write_report)
from .ntu_denoise import DENOISE_DEFAULTS, denoise_bodies, skeleton_to_keypoint
from .ntu_skeleton import SkeletonFileError, read_skeleton_file
from .runner import run_parallel

__all__ = ['process_skeleton_file', 'find_skeleton_files', 'cache_path',
           'load_cached', 'prepare_ntu']


def process_skeleton_file(path: str, **denoise_kwargs) -> dict:
    """Parse + denoise one file into a sample record (without split
    membership): ``keypoint`` (M, T, 25, 3), ``sample_name``, ``label``,
    ``setup``, ``camera``, ``subject``, ``replication``, ``frames`` (the
    file frame indices kept), ``num_bodies``, ``dropped`` (body ID ->
    reason)."""
    name = osp.basename(path).split('.')[0]
    fields = parse_ntu_name(name)
    if not fields:
        raise SkeletonFileError(f'file name {name!r} is not an NTU name '
                                'SsssCcccPpppRrrrAaaa')
    num_frames, bodies = read_skeleton_file(path)
    kw = dict(DENOISE_DEFAULTS)
    kw.update(denoise_kwargs)
    slots, dropped = denoise_bodies(bodies, **kw)
    kp, frames = skeleton_to_keypoint(num_frames, bodies, slots)
    rec = dict(keypoint=kp, sample_name=name, frames=frames,
               num_bodies=len(bodies), dropped=dropped,
               actors=[list(s) for s in slots])
    rec.update(fields)
    return rec


def find_skeleton_files(roots: Sequence[str]) -> Dict[str, str]:
    """``{sample_name: path}`` of every ``*.skeleton`` under ``roots``."""
    out = {}
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for fn in files:
                if fn.endswith('.skeleton'):
                    out.setdefault(fn[:-len('.skeleton')],
                                   osp.join(dirpath, fn))
    return out


def cache_path(cache_dir: str, name: str) -> str:
    return osp.join(cache_dir, name + '.npz')


def _convert_one(job):
    """Worker: parse + denoise one file into its cache ``.npz``; returns
    ``(name, reason or None)``."""
    name, path, cache_dir, denoise_kwargs = job
    try:
        rec = process_skeleton_file(path, **denoise_kwargs)
    except SkeletonFileError as e:
        return name, str(e)
    except (OSError, ValueError, IndexError) as e:   # never stop the run
        return name, f'{type(e).__name__}: {e}'
    out = cache_path(cache_dir, name)
    tmp = out + '.tmp.npz'
    np.savez(tmp, keypoint=rec['keypoint'], frames=rec['frames'],
             info=np.array(json.dumps(dict(
                 num_bodies=rec['num_bodies'], dropped=rec['dropped'],
                 actors=rec['actors']))))
    os.replace(tmp, out)
    return name, None


def load_cached(cache_dir: str, name: str) -> dict:
    with np.load(cache_path(cache_dir, name), allow_pickle=False) as f:
        rec = dict(keypoint=f['keypoint'], frames=f['frames'],
                   **json.loads(str(f['info'])))
    rec['sample_name'] = name
    rec.update(parse_ntu_name(name))
    return rec


def prepare_ntu(raw_dirs: Sequence[str], out_root: str,
                benchmark: str = 'ntu60', workers: int = 2,
                work_dir: Optional[str] = None, aimclr: bool = False,
                aimclr_raw: bool = False, aimclr_normalize: bool = True,
                pyskl: bool = False, progress: bool = True,
                denoise_kwargs: Optional[dict] = None, log=print,
                overwrite: bool = False) -> dict:
    """Raw NTU ``.skeleton`` files -> skelact (and optional AimCLR / pyskl)
    datasets of one benchmark (``'ntu60'`` or ``'ntu120'``).

    Resumable: every parsed file is cached as ``<work_dir>/<name>.npz``
    (default ``<out_root>/.cache_ntu``) and not parsed again. Bad files are
    skipped and listed with the reason in ``<out_root>/<benchmark>_report
    .{json,txt}``. Outputs of an earlier run are refused before any
    parsing unless ``overwrite`` (then only this tool's files are
    replaced); the cache merges.

    Returns:
        the report dict.
    """
    if benchmark not in BENCHMARKS:
        raise ValueError(f'benchmark must be one of {sorted(BENCHMARKS)}, '
                         f'got {benchmark!r}')
    max_setup, num_classes, _ = BENCHMARKS[benchmark]
    check_benchmark_outputs(out_root, benchmark, aimclr, aimclr_raw, pyskl,
                            overwrite=overwrite)
    work_dir = work_dir or osp.join(out_root, '.cache_ntu')
    os.makedirs(work_dir, exist_ok=True)
    for d in raw_dirs:
        if not osp.isdir(d):
            raise FileNotFoundError(f'raw skeleton folder {d!r} does not '
                                    'exist')
    files = find_skeleton_files(raw_dirs)
    if not files:
        raise FileNotFoundError(f'no *.skeleton file under {list(raw_dirs)}')
    missing = load_missing_skeletons(benchmark)
    bad: Dict[str, str] = {}
    names, skipped_missing, outside = [], [], 0
    for name in sorted(files):
        if not parse_ntu_name(name) or NTU_NAME_RE.fullmatch(name) is None:
            bad[name] = 'file name is not an NTU name SsssCcccPpppRrrrAaaa'
        elif not in_benchmark(name, benchmark):
            outside += 1
        elif name in missing:
            skipped_missing.append(name)
        else:
            names.append(name)
    todo = [n for n in names if not osp.exists(cache_path(work_dir, n))]
    log(f'{benchmark}: {len(files)} files found, {len(names)} to use '
        f'({len(names) - len(todo)} already converted, {len(todo)} to '
        f'parse), {len(skipped_missing)} on the official missing-skeleton '
        f'list, {outside} outside {benchmark}')
    kw = dict(denoise_kwargs or {})
    jobs = [(n, files[n], work_dir, kw) for n in todo]
    for name, reason in run_parallel(_convert_one, jobs, workers,
                                     desc=f'parse {benchmark}',
                                     progress=progress):
        if reason is not None:
            bad[name] = reason
    samples, multi = [], 0
    for n in names:
        if n in bad:
            continue
        rec = load_cached(work_dir, n)
        multi += bool(rec['dropped'])
        del rec['keypoint'], rec['frames']      # read again when writing
        samples.append(rec)
    if not samples:
        raise ValueError(f'no usable sample in {list(raw_dirs)}; see the '
                         'report')
    splits = ntu_splits(samples, benchmark)
    outputs = write_benchmark_outputs(
        out_root, benchmark, samples, splits, num_classes, aimclr=aimclr,
        aimclr_raw=aimclr_raw, aimclr_normalize=aimclr_normalize,
        pyskl=pyskl, log=log, overwrite=overwrite,
        get_keypoint=lambda i: load_cached(work_dir,
                                           samples[i]['sample_name'])[
                                               'keypoint'])
    report = dict(
        benchmark=benchmark, raw_dirs=[osp.abspath(d) for d in raw_dirs],
        files_found=len(files), outside_benchmark=outside,
        skipped_missing_list=len(skipped_missing),
        skipped_bad=bad, num_skipped_bad=len(bad),
        converted=len(samples), parsed_this_run=len(todo),
        samples_with_dropped_bodies=multi,
        **output_summary(splits, outputs))
    path = write_report(out_root, benchmark, report)
    log(f'{benchmark}: {len(samples)} samples converted, {len(bad)} bad '
        f'files skipped, {len(skipped_missing)} skipped (official missing '
        f'list); report: {path}')
    return report
