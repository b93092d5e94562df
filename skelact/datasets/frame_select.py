"""Which frames of a sample a fixed-length sequence model reads.

The graph2vec classifiers of the seed (004, section 3.3) read "60
continuous skeleton graph embeddings representing a sample, which
collectively contain 300 frames": the NTU arrays they start from are padded
to 300 frames, and 60 of them are read. How 300 become 60 is not stated;
the modes here name the readings:

- ``'stride'`` (the default, the seed's reading): the ``window``-frame
  padded timeline sampled every ``window // num_frames``-th frame (60 of 300:
  frames 0, 5, ..., 295). Frames past the sample's end are padding.
- ``'uniform'``: ``num_frames`` frames spread evenly over the sample's own
  frames (frame ``floor((i + 0.5) * T / num_frames)``; short samples repeat
  frames), no padding.
- ``'first'``: the first ``num_frames`` consecutive frames, padded.
- ``'all'``: every frame (variable length; for storing, not for batches).

:func:`select_frames` returns the chosen frame indices with ``-1`` for
padding, which readers turn into zero vectors.
"""
import numpy as np

__all__ = ['FRAME_SELECT_MODES', 'select_frames']

FRAME_SELECT_MODES = ('stride', 'uniform', 'first', 'all')


def select_frames(total_frames: int, num_frames: int = 60,
                  mode: str = 'stride', window: int = 300) -> np.ndarray:
    """Indices (int64) into a sample of ``total_frames`` frames; ``-1`` marks
    a padding position. See the module docstring for the modes."""
    if mode not in FRAME_SELECT_MODES:
        raise ValueError(f'frame_select is {mode!r}, expected one of '
                         f'{FRAME_SELECT_MODES}')
    if total_frames <= 0:
        raise ValueError(f'total_frames is {total_frames}, expected >= 1')
    if mode == 'all':
        return np.arange(total_frames, dtype=np.int64)
    if num_frames <= 0:
        raise ValueError(f'num_frames is {num_frames}, expected >= 1')
    if mode == 'stride':
        if window < num_frames or window % num_frames:
            raise ValueError(
                f'frame_select="stride": window {window} must be a multiple '
                f'of num_frames {num_frames} (e.g. 300 and 60)')
        idx = np.arange(num_frames, dtype=np.int64) * (window // num_frames)
    elif mode == 'uniform':
        idx = np.floor((np.arange(num_frames) + 0.5) * total_frames /
                       num_frames).astype(np.int64)
    else:  # first
        idx = np.arange(num_frames, dtype=np.int64)
    idx[idx >= total_frames] = -1
    return idx
