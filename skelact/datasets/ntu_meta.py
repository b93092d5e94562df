"""NTU RGB+D 60 / 120 facts: sample names, official splits, benchmarks.

A sample name ``SsssCcccPpppRrrrAaaa`` holds the setup, camera, subject
(performer), replication and 1-based action number. The official protocols
(Shahroudy et al. CVPR 2016; Liu et al. TPAMI 2019):

- ``xsub``: the training subjects below, the others test;
- ``xview`` (NTU-60): cameras 2 and 3 train, camera 1 tests;
- ``xset`` (NTU-120): even setup numbers train, odd ones test.

Labels are the action number minus one, never re-based on the smallest
label present. This module is the bottom of :mod:`skelact.datasets`: it
imports nothing but the standard library and numpy.
"""
import os.path as osp
import re
from typing import Dict, Sequence

import numpy as np

__all__ = [
    'NTU_NAME_RE', 'parse_ntu_name', 'NTU60_XSUB_TRAIN', 'NTU60_XVIEW_TRAIN',
    'NTU120_XSUB_TRAIN', 'BENCHMARKS', 'in_benchmark', 'ntu_splits',
    'load_missing_skeletons',
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
