"""PKU-MMD part I and II: per-video skeletons cut into action clips.

Files as released by the dataset authors (Liu et al., 2017):

- skeleton, one text file per video (``0002-L.txt`` in part I,
  ``A01N01-L.txt`` style in part II): one line per frame of 150 numbers,
  2 persons x 25 Kinect v2 joints x (x, y, z), the second person zeros when
  absent;
- labels, one text file per video with the same name: one line per action
  instance ``action_id,start_frame,end_frame,confidence``;
- splits (``Split/cross-subject.txt``, ``Split/cross-view.txt``): a
  "Training videos:" line followed by comma-separated video names, then a
  "Validation videos:" line (the authors spell it "Validataion") and its
  names.

Clips are ``frames[start - frame_base : end - frame_base + 1]`` (the label
frames are taken as 1-based and inclusive by default; ``frame_base=0`` reads
them 0-based). Labels are ``action_id - 1`` (51 classes in part I; part II
uses the same ids), never re-based.

The video's view (``L``/``M``/``R``) is the record's ``camera`` (1/2/3).
Without a split file, part I cross-view follows the paper's protocol
(middle and right views train, left view tests); cross-subject needs the
official file.
"""
import json
import os
import os.path as osp
import re
from typing import Dict, List, Optional

import numpy as np

from .export import (check_benchmark_outputs, output_summary,
                     write_benchmark_outputs, write_report)
from .runner import run_parallel

__all__ = ['PKUFileError', 'read_pku_skeleton', 'read_pku_labels',
           'read_pku_split', 'cut_clips', 'prepare_pku_mmd', 'VIEWS']

VIEWS = {'L': 1, 'M': 2, 'R': 3}
VIDEO_RE = re.compile(r'\b([0-9A-Za-z]{4,8}-[LMR])\b')
NUM_VALUES = 150
NUM_CLASSES = 51


class PKUFileError(ValueError):
    """A bad PKU-MMD file; the message is the report's reason."""


def read_pku_skeleton(path: str) -> np.ndarray:
    """(T, 2, 25, 3) float32 of one video's skeleton file."""
    with open(path, 'r', encoding='ascii', errors='replace') as f:
        lines = [ln for ln in f.read().splitlines() if ln.strip()]
    if not lines:
        raise PKUFileError('empty skeleton file')
    rows = []
    for i, ln in enumerate(lines):
        parts = ln.replace(',', ' ').split()
        if len(parts) != NUM_VALUES:
            raise PKUFileError(f'line {i + 1} has {len(parts)} values, '
                               f'expected {NUM_VALUES} (truncated or '
                               'malformed)')
        rows.append(parts)
    try:
        arr = np.array(rows, dtype=np.float32)
    except ValueError:
        raise PKUFileError('malformed: non-numeric value in the skeleton '
                           'file')
    if not np.isfinite(arr).all():
        row = int(np.flatnonzero(~np.isfinite(arr).all(1))[0])
        raise PKUFileError(f'NaN/inf coordinates in frame {row + 1}')
    return arr.reshape(len(arr), 2, 25, 3)


def read_pku_labels(path: str) -> List[tuple]:
    """``[(action_id, start, end, confidence), ...]`` of a label file."""
    out = []
    with open(path) as f:
        for i, ln in enumerate(f):
            if not ln.strip():
                continue
            parts = [p for p in re.split(r'[,\s]+', ln.strip()) if p]
            if len(parts) < 3:
                raise PKUFileError(f'label line {i + 1}: {ln.strip()!r} is '
                                   'not "action,start,end,confidence"')
            try:
                a, s, e = (int(float(p)) for p in parts[:3])
                c = float(parts[3]) if len(parts) > 3 else 1.0
            except ValueError:
                raise PKUFileError(f'label line {i + 1}: {ln.strip()!r} is '
                                   'not numeric')
            out.append((a, s, e, c))
    if not out:
        raise PKUFileError('empty label file')
    return out


def read_pku_split(path: str) -> Dict[str, List[str]]:
    """``{'train': [...], 'val': [...]}`` video names of an official split
    file."""
    with open(path) as f:
        text = f.read()
    sections: Dict[str, List[str]] = {}
    current = None
    for ln in text.splitlines():
        low = ln.lower()
        if 'train' in low:
            current = 'train'
        elif 'valid' in low or 'test' in low:
            current = 'val'
        if current is None:
            continue
        sections.setdefault(current, []).extend(VIDEO_RE.findall(ln))
    if not sections.get('train') or not sections.get('val'):
        raise PKUFileError(f'{path}: expected a "Training videos:" and a '
                           '"Validation videos:" section with video names')
    return sections


def cut_clips(video: str, skel: np.ndarray, labels, frame_base: int = 1,
              num_classes: int = NUM_CLASSES):
    """Cut a video into clips; returns ``(clips, problems)``: clips are
    records, problems ``{clip name: reason}``."""
    clips, problems = [], {}
    t = len(skel)
    for k, (a, s, e, c) in enumerate(labels):
        name = f'{video}_{k:03d}'
        if not 1 <= a <= num_classes:
            problems[name] = f'action id {a} outside 1..{num_classes}'
            continue
        lo, hi = s - frame_base, e - frame_base + 1
        if lo < 0 or hi <= lo:
            problems[name] = f'bad frame range {s}..{e}'
            continue
        if lo >= t:
            problems[name] = f'frames {s}..{e} beyond the {t} frames'
            continue
        if hi > t:
            problems[name] = f'end frame {e} beyond the {t} frames (cut)'
            hi = t
        kp = skel[lo:hi].transpose(1, 0, 2, 3)
        if not kp.any():
            problems[name] = 'no skeleton in the clip'
            continue
        clips.append(dict(sample_name=name, keypoint=kp, label=a - 1,
                          confidence=c, video=video,
                          camera=VIEWS.get(video[-1], -1)))
    return clips, problems


def _cache_file(cache_dir, video):
    return osp.join(cache_dir, video + '.npz')


def _convert_video(job):
    video, skel_path, label_path, cache_dir, frame_base = job
    try:
        if label_path is None:
            raise PKUFileError('no label file for this video')
        skel = read_pku_skeleton(skel_path)
        labels = read_pku_labels(label_path)
    except (PKUFileError, OSError, UnicodeDecodeError) as e:
        return video, str(e), {}
    clips, problems = cut_clips(video, skel, labels, frame_base)
    out = _cache_file(cache_dir, video)
    lengths = [c['keypoint'].shape[1] for c in clips]
    kp = (np.concatenate([c['keypoint'] for c in clips], axis=1) if clips
          else np.zeros((2, 0, 25, 3), np.float32))
    np.savez(out + '.tmp.npz', keypoint=kp,
             lengths=np.asarray(lengths, np.int64),
             info=np.array(json.dumps(dict(
                 names=[c['sample_name'] for c in clips],
                 labels=[c['label'] for c in clips], problems=problems))))
    os.replace(out + '.tmp.npz', out)
    return video, None, problems


def _load_video(cache_dir, video):
    with np.load(_cache_file(cache_dir, video), allow_pickle=False) as f:
        info = json.loads(str(f['info']))
        return f['keypoint'], f['lengths'], info


def _find(folder):
    out = {}
    for dirpath, _, files in os.walk(folder):
        for fn in files:
            if fn.endswith('.txt') and VIDEO_RE.fullmatch(fn[:-4]):
                out.setdefault(fn[:-4], osp.join(dirpath, fn))
    return out


def prepare_pku_mmd(skeleton_dir: str, label_dir: str, out_root: str,
                    part: int = 1,
                    split_files: Optional[Dict[str, str]] = None,
                    workers: int = 2, work_dir: Optional[str] = None,
                    frame_base: int = 1, aimclr: bool = False,
                    aimclr_raw: bool = False, aimclr_normalize: bool = True,
                    pyskl: bool = False, progress: bool = True,
                    log=print, overwrite: bool = False) -> dict:
    """PKU-MMD videos -> action-clip datasets (``pku1`` / ``pku2``).

    Args:
        split_files: ``{'xsub': path, 'xview': path}`` official split files
            (either may be missing; part I ``xview`` then follows the
            paper's view protocol).
        Other arguments as :func:`skelact.datasets.prep.ntu.prepare_ntu`.

    Returns:
        the report (also written to ``<out_root>/pku<part>_report.json``).
    """
    prefix = f'pku{part}'
    check_benchmark_outputs(out_root, prefix, aimclr, aimclr_raw, pyskl,
                            f'{prefix}_3danno.pkl', overwrite)
    for d in (skeleton_dir, label_dir):
        if not osp.isdir(d):
            raise FileNotFoundError(f'PKU-MMD folder {d!r} does not exist')
    skels, labs = _find(skeleton_dir), _find(label_dir)
    if not skels:
        raise FileNotFoundError(f'no <video>.txt skeleton file under '
                                f'{skeleton_dir!r}')
    work_dir = work_dir or osp.join(out_root, f'.cache_{prefix}')
    os.makedirs(work_dir, exist_ok=True)
    videos = sorted(skels)
    todo = [v for v in videos if not osp.exists(_cache_file(work_dir, v))]
    log(f'{prefix}: {len(videos)} videos ({len(videos) - len(todo)} already '
        f'converted)')
    bad: Dict[str, str] = {}
    jobs = [(v, skels[v], labs.get(v), work_dir, frame_base) for v in todo]
    for video, reason, _ in run_parallel(_convert_video, jobs, workers,
                                         desc=f'parse {prefix}',
                                         progress=progress):
        if reason is not None:
            bad[video] = reason
    samples, clip_problems, cache = [], {}, {}
    for v in videos:
        if v in bad:
            continue
        kp, lengths, info = _load_video(work_dir, v)
        clip_problems.update(info['problems'])
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        for j, (name, label) in enumerate(zip(info['names'],
                                              info['labels'])):
            samples.append(dict(sample_name=name, label=label, video=v,
                                camera=VIEWS.get(v[-1], -1)))
            cache[len(samples) - 1] = (v, int(offsets[j]),
                                       int(offsets[j + 1]))
    if not samples:
        raise ValueError(f'no usable clip under {skeleton_dir!r}; see the '
                         'report')
    # splits
    splits = {}
    split_files = {k: v for k, v in (split_files or {}).items() if v}
    for prot, path in sorted(split_files.items()):
        sp = read_pku_split(path)
        for part_name in ('train', 'val'):
            vids = set(sp[part_name])
            splits[f'{prot}_{part_name}'] = np.array(
                [i for i, s in enumerate(samples) if s['video'] in vids],
                np.int64)
    if part == 1 and 'xview' not in split_files:
        cam = np.array([s['camera'] for s in samples])
        splits['xview_train'] = np.flatnonzero(cam != VIEWS['L'])
        splits['xview_val'] = np.flatnonzero(cam == VIEWS['L'])
    if 'xsub' not in split_files:
        log(f'{prefix}: no cross-subject split file given (--xsub-split); '
            'xsub splits are not written')

    last = {}

    def get_keypoint(i):
        v, a, b = cache[i]
        if last.get('v') != v:
            last['v'], last['kp'] = v, _load_video(work_dir, v)[0]
        return last['kp'][:, a:b]
    outputs = write_benchmark_outputs(
        out_root, prefix, samples, splits, NUM_CLASSES, aimclr=aimclr,
        aimclr_raw=aimclr_raw, aimclr_normalize=aimclr_normalize,
        pyskl=pyskl, pyskl_name=f'{prefix}_3danno.pkl',
        get_keypoint=get_keypoint, log=log, overwrite=overwrite)
    report = dict(
        dataset=prefix, skeleton_dir=osp.abspath(skeleton_dir),
        label_dir=osp.abspath(label_dir), videos_found=len(videos),
        parsed_this_run=len(todo), skipped_bad=bad,
        num_skipped_bad=len(bad), clip_problems=clip_problems,
        converted=len(samples), **output_summary(splits, outputs))
    path = write_report(out_root, prefix, report)
    log(f'{prefix}: {len(samples)} clips from {len(videos) - len(bad)} '
        f'videos, {len(bad)} bad files skipped, {len(clip_problems)} clip '
        f'problems; report: {path}')
    return report
