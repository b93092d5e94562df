"""Parsing of NTU RGB+D raw ``.skeleton`` files.

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

NaN coordinates, bodies with a joint count other than 25, truncated files,
trailing data and unparsable tokens raise :class:`SkeletonFileError` (the
preparation tool lists them in its report and skips the file).
"""
from operator import itemgetter
from typing import Dict

import numpy as np

__all__ = ['SkeletonFileError', 'read_skeleton', 'read_skeleton_file',
           'NUM_JOINTS']

NUM_JOINTS = 25
BODY_VALUES = 10
JOINT_VALUES = 12


class SkeletonFileError(ValueError):
    """A bad ``.skeleton`` file; the message is the reason for the
    report."""


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
