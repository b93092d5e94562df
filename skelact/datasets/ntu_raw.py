"""NTU RGB+D 60 / 120 raw ``.skeleton`` files: parsing, denoising, splits.

File format (the dataset authors' ``read_skeleton_file.m``), whitespace
separated::

    <frame count>
    per frame:  <body count>
      per body: <bodyID> <clipedEdges> <handLeftConfidence> <handLeftState>
                <handRightConfidence> <handRightState> <isResticted>
                <leanX> <leanY> <trackingState>          (10 values)
                <joint count>                            (25)
                per joint: x y z depthX depthY colorX colorY
                           orientationW orientationX orientationY
                           orientationZ trackingState    (12 values)

Body IDs are 17-digit tracking ids, kept as strings (a float64 holds only
15-16 digits). A body's frames are the file's own frame positions (frames
without bodies still count), so two actors stay in sync across gaps.

Denoising (:func:`denoise_bodies`) follows the widely used steps of the
NTU preprocessing released with "Semantics-Guided Neural Networks" and
reused by MS-G3D / CTR-GCN (drop short bodies, drop bodies whose x-spread
dominates their y-spread, motion thresholds), with the known flaws of those
scripts fixed (DESIGN.md section 6):

- actors are assigned to (at most two) person slots by frame coverage, a
  body joining a slot only where it does not overlap that slot's frames --
  a passer-by, a short ghost or a furniture body can no longer push a real
  actor of an interaction out, and an actor re-acquired under a new body
  ID continues in its own slot (no slot swap, no lost early frames);
- the motion thresholds that the scripts leave commented out are applied,
  so static background "bodies" (furniture) are dropped;
- frames are placed by the file's frame number, not "previous + 1";
- NaN coordinates, bodies with a joint count other than 25, truncated
  files, trailing data and unparsable tokens raise :class:`SkeletonFileError`
  (the preparation tool lists them in its report and skips the file).

Labels are the action number minus one, never re-based on the smallest label
present.
"""
import os
import os.path as osp
import re
from operator import itemgetter
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

__all__ = [
    'SkeletonFileError', 'NTU_NAME_RE', 'parse_ntu_name', 'read_skeleton',
    'read_skeleton_file', 'denoise_bodies', 'load_missing_skeletons',
    'NTU60_XSUB_TRAIN', 'NTU60_XVIEW_TRAIN', 'NTU120_XSUB_TRAIN',
    'ntu_splits', 'BENCHMARKS', 'in_benchmark', 'DENOISE_DEFAULTS',
]

NTU_NAME_RE = re.compile(r'S(\d{3})C(\d{3})P(\d{3})R(\d{3})A(\d{3})')

# official protocols (Shahroudy et al. CVPR 2016; Liu et al. TPAMI 2019)
NTU60_XSUB_TRAIN = frozenset((1, 2, 4, 5, 8, 9, 13, 14, 15, 16, 17, 18, 19,
                              25, 27, 28, 31, 34, 35, 38))
NTU60_XVIEW_TRAIN = frozenset((2, 3))          # cameras
NTU120_XSUB_TRAIN = NTU60_XSUB_TRAIN | frozenset((
    45, 46, 47, 49, 50, 52, 53, 54, 55, 56, 57, 58, 59, 70, 74, 78, 80, 81,
    82, 83, 84, 85, 86, 89, 91, 92, 93, 94, 95, 97, 98, 100, 103))
# xset (NTU-120): even setup numbers train, odd ones test

BENCHMARKS = {
    # name: (max setup, number of classes, split protocols)
    'ntu60': (17, 60, ('xsub', 'xview')),
    'ntu120': (32, 120, ('xsub', 'xset')),
}

NUM_JOINTS = 25
BODY_VALUES = 10
JOINT_VALUES = 12

DENOISE_DEFAULTS = dict(
    length_thres=11,        # bodies with <= 11 frames are noise
    spread_thres1=0.8,      # a frame is noisy if x-spread > 0.8 * y-spread
    spread_thres2=0.69754,  # a body is noise if >= 69.754 % frames noisy
    motion_lo=0.089925,     # motion below: static object (furniture)
    motion_hi=2.0,          # motion above: jitter noise
    max_persons=2,
    min_actor_ratio=0.25,   # a 2nd actor seen in < 25 % of the main
                            # actor's frames is a ghost / passer-by
    join_dist=0.3,          # metres a re-acquired body may jump (+3 cm a
                            # frame of gap) to continue an actor's slot
)


class SkeletonFileError(ValueError):
    """A bad ``.skeleton`` file; the message is the reason for the
    report."""


def parse_ntu_name(name: str, with_label: bool = True) -> Dict[str, int]:
    """``'S001C002P003R002A013'`` -> setup, camera, subject, replication and
    (``with_label``) the 0-based label; ``{}`` when ``name`` is not an NTU
    name."""
    m = NTU_NAME_RE.search(osp.basename(str(name)))
    if m is None:
        return {}
    s, c, p, r, a = (int(x) for x in m.groups())
    out = dict(setup=s, camera=c, subject=p, replication=r)
    if with_label:
        out['label'] = a - 1
    return out


def load_missing_skeletons(benchmark: str = 'ntu120') -> frozenset:
    """The official list of samples with missing skeletons (302 for
    ``'ntu60'``, 535 for ``'ntu120'``), shipped with skelact."""
    fname = {'ntu60': 'ntu60_missing_skeletons.txt',
             'ntu120': 'ntu120_missing_skeletons.txt'}[benchmark]
    path = osp.join(osp.dirname(__file__), 'splits', fname)
    with open(path) as f:
        return frozenset(line.strip() for line in f
                         if line.strip() and not line.startswith('#'))


def in_benchmark(name: str, benchmark: str) -> bool:
    """Whether an NTU sample belongs to NTU-60 (setups 1-17, actions 1-60)
    or NTU-120 (all)."""
    f = parse_ntu_name(name)
    if not f:
        return False
    max_setup, num_classes, _ = BENCHMARKS[benchmark]
    return f['setup'] <= max_setup and f['label'] < num_classes


def ntu_splits(records: Sequence[dict], benchmark: str
               ) -> Dict[str, np.ndarray]:
    """Official split indices (``xsub_train``, ``xsub_val``, and
    ``xview_*`` for NTU-60 or ``xset_*`` for NTU-120) of records holding
    ``subject``, ``camera``, ``setup``."""
    subject = np.array([r['subject'] for r in records], np.int64)
    camera = np.array([r['camera'] for r in records], np.int64)
    setup = np.array([r['setup'] for r in records], np.int64)
    xsub = NTU60_XSUB_TRAIN if benchmark == 'ntu60' else NTU120_XSUB_TRAIN
    train = np.isin(subject, sorted(xsub))
    out = dict(xsub_train=np.flatnonzero(train),
               xsub_val=np.flatnonzero(~train))
    if benchmark == 'ntu60':
        train = np.isin(camera, sorted(NTU60_XVIEW_TRAIN))
        out.update(xview_train=np.flatnonzero(train),
                   xview_val=np.flatnonzero(~train))
    else:
        train = setup % 2 == 0
        out.update(xset_train=np.flatnonzero(train),
                   xset_val=np.flatnonzero(~train))
    return out


# ---------------------------------------------------------------------------
# parsing
def read_skeleton(text: str, source: str = '<text>'):
    """Parse the text of a ``.skeleton`` file.

    Only the structure (counts) and the x, y, z of every joint are
    converted to numbers; the other values are skipped unparsed (this is
    what makes the reader fast).

    Returns:
        ``(num_frames, bodies)``: ``bodies`` maps each body ID (str, in
        order of first appearance) to ``(frames, xyz)`` -- int64 file frame
        indices (0-based) and float32 (n, 25, 3) coordinates.

    Raises:
        SkeletonFileError: empty, truncated, malformed, NaN-bearing file,
            a joint count other than 25 or data after the last frame.
    """
    tokens = text.split()
    if not tokens:
        raise SkeletonFileError('empty file')
    n_tok = len(tokens)
    num_frames = _count(tokens, 0, 'frame count')
    pos = 1
    frame_ids, body_ids, starts = [], [], []
    block = NUM_JOINTS * JOINT_VALUES
    for f in range(num_frames):
        if pos >= n_tok:
            raise SkeletonFileError(
                f'truncated: frame count says {num_frames}, data ends in '
                f'frame {f + 1}')
        nb = _count(tokens, pos, f'body count of frame {f + 1}')
        pos += 1
        for b in range(nb):
            if pos + BODY_VALUES + 1 > n_tok:
                raise SkeletonFileError(
                    f'truncated: frame {f + 1}, body {b + 1} is incomplete')
            bid = tokens[pos]
            if not bid.isdigit():
                raise SkeletonFileError(
                    f'malformed: frame {f + 1}, body ID {bid!r} is not an '
                    'integer')
            pos += BODY_VALUES
            nj = _count(tokens, pos, f'joint count of frame {f + 1}')
            if nj != NUM_JOINTS:
                raise SkeletonFileError(
                    f'frame {f + 1}, body {bid}: {nj} joints, expected '
                    f'{NUM_JOINTS}')
            pos += 1
            if pos + block > n_tok:
                raise SkeletonFileError(
                    f'truncated: frame {f + 1}, body {bid} has incomplete '
                    'joint lines')
            frame_ids.append(f)
            body_ids.append(bid)
            starts.append(pos)
            pos += block
    if pos != n_tok:
        raise SkeletonFileError(
            f'trailing data: {n_tok - pos} values after the {num_frames} '
            'frames the header declares')
    if not starts:
        raise SkeletonFileError('no skeleton in any frame')
    idx = (np.asarray(starts)[:, None] + _XYZ_OFFSETS[None]).reshape(-1)
    picked = itemgetter(*idx.tolist())(tokens)
    try:
        xyz = np.array(picked, dtype=np.float64)
    except ValueError:
        bad = next(t for t in picked if not _is_number(t))
        raise SkeletonFileError(f'malformed: non-numeric coordinate {bad!r}')
    xyz = xyz.reshape(len(starts), NUM_JOINTS, 3)
    if not np.isfinite(xyz).all():
        k = int(np.flatnonzero(~np.isfinite(xyz).all(axis=(1, 2)))[0])
        raise SkeletonFileError(
            f'NaN/inf coordinates in frame {frame_ids[k] + 1}, body '
            f'{body_ids[k]}')
    xyz = xyz.astype(np.float32)
    frame_ids = np.asarray(frame_ids, np.int64)
    order: Dict[str, list] = {}
    for k, bid in enumerate(body_ids):
        order.setdefault(bid, []).append(k)
    bodies = {}
    for bid, ks in order.items():
        fr = frame_ids[ks]
        keep = np.ones(len(ks), bool)
        keep[1:] = np.diff(fr) > 0         # one entry per frame and body
        bodies[bid] = (fr[keep], xyz[np.asarray(ks)[keep]])
    return num_frames, bodies


# token offsets of x, y, z of the 25 joint lines of a body block
_XYZ_OFFSETS = (np.arange(NUM_JOINTS)[:, None] * JOINT_VALUES
                + np.arange(3)[None]).reshape(-1)


def read_skeleton_file(path: str):
    """:func:`read_skeleton` of a file."""
    try:
        with open(path, 'r', encoding='ascii', errors='strict') as f:
            text = f.read()
    except UnicodeDecodeError:
        raise SkeletonFileError('malformed: not an ASCII text file')
    return read_skeleton(text, path)


def _is_number(tok):
    try:
        float(tok)
        return True
    except ValueError:
        return False


def _count(tokens, pos, what):
    tok = tokens[pos]
    if not tok.isdigit():
        raise SkeletonFileError(f'malformed: {what} is {tok!r}, expected a '
                                'non-negative integer')
    return int(tok)


# ---------------------------------------------------------------------------
# denoising
def _motion(xyz: np.ndarray) -> float:
    """Sum over x, y, z of the variance of all joints over all frames."""
    return float(np.var(xyz.reshape(-1, 3), axis=0).sum())


def _spread_noisy(xyz: np.ndarray, thres1: float) -> np.ndarray:
    """Per frame: True where the x-spread exceeds ``thres1`` times the
    y-spread (a lying or non-human shape)."""
    x, y = xyz[..., 0], xyz[..., 1]
    return (x.max(1) - x.min(1)) > thres1 * (y.max(1) - y.min(1))


def denoise_bodies(bodies: Dict[str, Tuple[np.ndarray, np.ndarray]],
                   length_thres: int = 11, spread_thres1: float = 0.8,
                   spread_thres2: float = 0.69754,
                   motion_lo: float = 0.089925, motion_hi: float = 2.0,
                   max_persons: int = 2, min_actor_ratio: float = 0.25,
                   join_dist: float = 0.3):
    """Choose the actors of a sample.

    Steps (each drops bodies only while more than one remains, the best
    remaining one is always kept):

    1. length: bodies seen in ``<= length_thres`` frames;
    2. spread: bodies whose share of frames with x-spread >
       ``spread_thres1`` * y-spread is ``>= spread_thres2``; otherwise the
       motion is recomputed over the good frames (min of both);
    3. motion: bodies with motion outside ``[motion_lo, motion_hi]``
       (static furniture, jitter);
    4. slots: bodies by decreasing frame count (then motion); a body joins
       a person slot whose frames it does not overlap when it continues
       that actor (its centroid is within ``join_dist`` m + 3 cm per frame
       of gap of the slot's nearest frame -- a re-acquired track) or when
       no new slot can be opened; otherwise it opens a new slot while fewer
       than ``max_persons`` exist, else it is dropped.
       A slot seen in fewer than ``min_actor_ratio`` times the frames of
       the longest slot is dropped (a short ghost or a passer-by is not an
       actor). Slots are ordered by motion (the main actor first, as the
       dataset authors define it).

    Returns:
        ``(slots, log)``: ``slots`` is a list (<= ``max_persons``) of lists
        of body IDs, ``log`` maps dropped body IDs to the reason.
    """
    log: Dict[str, str] = {}
    info = {bid: dict(n=len(fr), motion=_motion(xyz))
            for bid, (fr, xyz) in bodies.items()}
    alive = list(bodies)

    def drop(cands, reason):
        for bid in cands:
            if len(alive) <= 1:
                return
            alive.remove(bid)
            log[bid] = reason

    def best_first(ids):
        return sorted(ids, key=lambda b: (-info[b]['n'], -info[b]['motion']))

    if len(alive) > 1:
        short = [b for b in alive if info[b]['n'] <= length_thres]
        drop(sorted(short, key=lambda b: info[b]['n']),
             f'length <= {length_thres} frames')
    if len(alive) > 1:
        bad = []
        for b in alive:
            xyz = bodies[b][1]
            noisy = _spread_noisy(xyz, spread_thres1)
            ratio = float(noisy.mean())
            if ratio >= spread_thres2:
                bad.append((ratio, b))
            elif noisy.any():
                info[b]['motion'] = min(info[b]['motion'],
                                        _motion(xyz[~noisy]))
        for ratio, b in sorted(bad, reverse=True):
            drop([b], f'spread: {ratio:.2f} of frames wider than tall')
    if len(alive) > 1:
        out = [b for b in alive
               if not motion_lo <= info[b]['motion'] <= motion_hi]
        # the most extreme first, the best body survives
        out.sort(key=lambda b: -abs(np.log(max(info[b]['motion'], 1e-12)
                                           / np.sqrt(motion_lo * motion_hi))))
        for b in out:
            drop([b], f'motion {info[b]["motion"]:.4f} outside '
                      f'[{motion_lo}, {motion_hi}]')
    slots: List[List[str]] = []
    used: List[set] = []
    centre = {b: bodies[b][1].mean(axis=1) for b in alive}   # (n, 3)

    def gap_distance(b, slot):
        """Centroid jump between body ``b`` and the slot's nearest frames
        before / after it, and the frame gap there."""
        fr = bodies[b][0]
        best = (np.inf, 0)
        for o in slot:
            ofr = bodies[o][0]
            before = np.flatnonzero(ofr < fr[0])
            if len(before):
                k = before[-1]
                d = np.linalg.norm(centre[o][k] - centre[b][0])
                best = min(best, (d, int(fr[0] - ofr[k])))
            after = np.flatnonzero(ofr > fr[-1])
            if len(after):
                k = after[0]
                d = np.linalg.norm(centre[o][k] - centre[b][-1])
                best = min(best, (d, int(ofr[k] - fr[-1])))
        return best

    for b in best_first(alive):
        frames = set(bodies[b][0].tolist())
        cands = [i for i, u in enumerate(used) if not (frames & u)]
        choice = None
        if cands:
            dist = {i: gap_distance(b, slots[i]) for i in cands}
            i = min(cands, key=lambda i: dist[i][0])
            d, gap = dist[i]
            # the same person re-acquired: a small jump over the gap; a
            # far one is another person while a slot is still free
            if (len(slots) >= max_persons
                    or d <= min(join_dist + 0.03 * gap, 1.0)):
                choice = i
        if choice is not None:
            slots[choice].append(b)
            used[choice] |= frames
        elif len(slots) < max_persons:
            slots.append([b])
            used.append(set(frames))
        else:
            log[b] = 'overlaps both kept actors'
    if len(slots) > 1:
        longest = max(len(u) for u in used)
        keep = []
        for slot, u in zip(slots, used):
            if len(u) < min_actor_ratio * longest:
                for b in slot:
                    log[b] = (f'actor seen in {len(u)} frames, < '
                              f'{min_actor_ratio} x {longest}')
            else:
                keep.append(slot)
        slots = keep

    # order the slots: main actor (largest motion) first
    def slot_motion(slot):
        return _motion(np.concatenate([bodies[b][1] for b in slot]))
    slots.sort(key=slot_motion, reverse=True)
    for slot in slots:
        slot.sort(key=lambda b: bodies[b][0][0])
    return slots, log


def skeleton_to_keypoint(num_frames: int, bodies, slots):
    """Place the slots' bodies by their file frame numbers and cut the
    frames in which no kept actor is present.

    Returns:
        float32 (M, T, 25, 3) and the kept file frame indices (T,).
    """
    m = len(slots)
    full = np.zeros((m, num_frames, NUM_JOINTS, 3), np.float32)
    present = np.zeros(num_frames, bool)
    for p, slot in enumerate(slots):
        for b in slot:
            fr, xyz = bodies[b]
            full[p, fr] = xyz
            present[fr] = True
    keep = np.flatnonzero(present)
    return full[:, keep], keep


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



# ---------------------------------------------------------------------------
# preparation: parallel, cached (resumable), never stopping on a bad file
def run_parallel(func, jobs: Sequence, workers: int = 2,
                 desc: str = 'files', progress: bool = True,
                 chunksize: int = 8):
    """Yield ``func(job)`` for every job, in completion order, over a pool
    of ``workers`` processes (``0``: in this process) with a tqdm bar."""
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(jobs), desc=desc, unit='file', smoothing=0.05)
    try:
        if workers <= 0:
            it = map(func, jobs)
            pool = None
        else:
            import multiprocessing as mp
            pool = mp.get_context('fork' if hasattr(os, 'fork')
                                  else 'spawn').Pool(workers)
            it = pool.imap_unordered(func, jobs, chunksize=chunksize)
        for out in it:
            if bar is not None:
                bar.update(1)
            yield out
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        if bar is not None:
            bar.close()


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
    import json
    out = cache_path(cache_dir, name)
    tmp = out + '.tmp.npz'
    np.savez(tmp, keypoint=rec['keypoint'], frames=rec['frames'],
             info=np.array(json.dumps(dict(
                 num_bodies=rec['num_bodies'], dropped=rec['dropped'],
                 actors=rec['actors']))))
    os.replace(tmp, out)
    return name, None


def load_cached(cache_dir: str, name: str) -> dict:
    import json
    with np.load(cache_path(cache_dir, name), allow_pickle=False) as f:
        rec = dict(keypoint=f['keypoint'], frames=f['frames'],
                   **json.loads(str(f['info'])))
    rec['sample_name'] = name
    rec.update(parse_ntu_name(name))
    return rec


def aimclr_transform(length: int = 50, normalize: bool = True):
    """The AimCLR/CrosSCLR 50-frame preparation as skelact transforms:
    (optionally) each person's spine-shoulder joint at the origin and the
    shoulders turned onto x frame by frame (``AlignShoulders(mode='frame')``,
    the authors' ``y_rotation``), then the valid frames linearly resized to
    ``length``."""
    from skelact.registry import TRANSFORMS
    steps = []
    if normalize:
        steps += [dict(type='CenterJoint', joint=20),
                  dict(type='AlignShoulders', mode='frame')]
    steps.append(dict(type='ResizeFrames', length=length))
    ts = [TRANSFORMS.build(s) for s in steps]

    def apply(rec):
        rec = dict(rec, keypoint=np.array(rec['keypoint'], np.float32),
                   total_frames=rec['keypoint'].shape[1])
        for t in ts:
            rec = t(rec)
        return rec
    return apply


def write_benchmark_outputs(out_root: str, prefix: str, samples: List[dict],
                            splits: Dict[str, np.ndarray], num_classes: int,
                            aimclr: bool = False, aimclr_raw: bool = False,
                            aimclr_normalize: bool = True,
                            aimclr_max_frames: int = 300,
                            pyskl: bool = False, pyskl_name: str = None,
                            get_keypoint=None, log=print) -> dict:
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
    only one sample is in memory at a time.
    """
    if get_keypoint is None:
        def get_keypoint(i):
            return samples[i]['keypoint']
    from .aimclr_format import write_aimclr
    from .pyskl_format import write_pyskl
    from .skelact_format import SkelactWriter
    written = {}
    sk_dir = osp.join(out_root, prefix + '_skelact')
    w = SkelactWriter(sk_dir, layout='nturgb+d', num_persons=2, channels=3,
                      num_classes=num_classes)
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


def write_report(out_root: str, prefix: str, report: dict) -> str:
    """``<prefix>_report.json`` and a readable ``<prefix>_report.txt``."""
    import json
    os.makedirs(out_root, exist_ok=True)
    path = osp.join(out_root, prefix + '_report')
    with open(path + '.json', 'w') as f:
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
    with open(path + '.txt', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path + '.json'


def prepare_ntu(raw_dirs: Sequence[str], out_root: str,
                benchmark: str = 'ntu60', workers: int = 2,
                work_dir: Optional[str] = None, aimclr: bool = False,
                aimclr_raw: bool = False, aimclr_normalize: bool = True,
                pyskl: bool = False, progress: bool = True,
                denoise_kwargs: Optional[dict] = None, log=print) -> dict:
    """Raw NTU ``.skeleton`` files -> skelact (and optional AimCLR / pyskl)
    datasets of one benchmark (``'ntu60'`` or ``'ntu120'``).

    Resumable: every parsed file is cached as ``<work_dir>/<name>.npz``
    (default ``<out_root>/.cache_ntu``) and not parsed again. Bad files are
    skipped and listed with the reason in ``<out_root>/<benchmark>_report
    .{json,txt}``.

    Returns:
        the report dict.
    """
    if benchmark not in BENCHMARKS:
        raise ValueError(f'benchmark must be one of {sorted(BENCHMARKS)}, '
                         f'got {benchmark!r}')
    max_setup, num_classes, _ = BENCHMARKS[benchmark]
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
        pyskl=pyskl, log=log,
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
        splits={k: int(len(v)) for k, v in splits.items()},
        outputs={k: v for k, v in outputs.items() if k != 'truncated'},
        truncated_to_300_frames=outputs.get('truncated', []))
    path = write_report(out_root, benchmark, report)
    log(f'{benchmark}: {len(samples)} samples converted, {len(bad)} bad '
        f'files skipped, {len(skipped_missing)} skipped (official missing '
        f'list); report: {path}')
    return report
