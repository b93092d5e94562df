"""Denoising of parsed NTU bodies: which bodies are the actors.

:func:`denoise_bodies` follows the widely used steps of the NTU
preprocessing released with "Semantics-Guided Neural Networks" and reused
by MS-G3D / CTR-GCN (drop short bodies, drop bodies whose x-spread
dominates their y-spread, motion thresholds), with the known flaws of those
scripts fixed (DESIGN.md section 6):

- actors are assigned to (at most two) person slots by frame coverage, a
  body joining a slot only where it does not overlap that slot's frames --
  a passer-by, a short ghost or a furniture body can no longer push a real
  actor of an interaction out, and an actor re-acquired under a new body
  ID continues in its own slot (no slot swap, no lost early frames);
- the motion thresholds that the scripts leave commented out are applied,
  so static background "bodies" (furniture) are dropped;
- frames are placed by the file's frame number, not "previous + 1"
  (:func:`skeleton_to_keypoint`).
"""
from typing import Dict, List, Tuple

import numpy as np

from .ntu_skeleton import NUM_JOINTS

__all__ = ['DENOISE_DEFAULTS', 'denoise_bodies', 'skeleton_to_keypoint']

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
