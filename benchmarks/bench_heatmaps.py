"""Heatmap volumes per second: skelact's GeneratePoseTarget against pyskl's,
on one CPU core, for pyskl's recipe (48 frames x 17 keypoints x 56 x 56),
and the same values.

pyskl's code is not part of skelact: fetch its ``heatmap_related.py`` (and,
for the sampling check, ``sampling.py``) into a folder outside the
repository and point ``--pyskl`` at it::

    mkdir -p /tmp/pyskl_ref && cd /tmp/pyskl_ref
    curl -sO https://raw.githubusercontent.com/kennymckormick/pyskl/main/pyskl/datasets/pipelines/heatmap_related.py
    curl -sO https://raw.githubusercontent.com/kennymckormick/pyskl/main/pyskl/datasets/pipelines/sampling.py
    taskset -c 0 python benchmarks/bench_heatmaps.py --pyskl /tmp/pyskl_ref

Its imports of pyskl's registry (``..builder.PIPELINES``) and
``pyskl.utils.warning_r0`` are stubbed at load time. Without ``--pyskl``
only skelact is measured. Also measured: the batched torch renderer of
``PoseVolumeDataPreprocessor(generate=...)`` (on the GPU when one is
present), and ``--sampling`` checks ``UniformSampleFrames`` index for index.
"""
import argparse
import os
import os.path as osp
import sys
import time
import types

os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('MKL_NUM_THREADS', '1')

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))
from skelact.datasets.transforms import (GeneratePoseTarget,  # noqa: E402
                                         PYSKL_LIMBS, UniformSampleFrames)
from skelact.models.data_preprocessors import \
    render_pose_heatmaps  # noqa: E402


def load_pyskl(folder, name):
    """Execute one of pyskl's pipeline files with its registry stubbed."""
    src = open(osp.join(folder, name), encoding='utf-8').read()

    class _Registry:
        def register_module(self, *a, **k):
            return (lambda cls: cls) if not a else a[0]

    src = src.replace('from ..builder import PIPELINES',
                      'PIPELINES = _Registry()')
    src = src.replace('from pyskl.utils import warning_r0',
                      'warning_r0 = print')
    mod = types.ModuleType('pyskl_' + name[:-3])
    mod.__dict__['_Registry'] = _Registry
    exec(compile(src, name, 'exec'), mod.__dict__)
    return mod


def poses(rng, n, m, t, shape):
    """Smooth random 2D poses inside the image, HRNet-like scores."""
    h, w = shape
    centre = rng.uniform(0.3, 0.7, (n, m, 1, 1, 2)) * [w, h]
    limbs = rng.normal(0, 0.15, (n, m, 1, 17, 2)) * [w, h]
    drift = np.cumsum(rng.normal(0, 0.3, (n, m, t, 17, 2)), axis=2)
    kp = (centre + limbs + drift).astype(np.float32)
    score = rng.uniform(0.3, 1.0, (n, m, t, 17)).astype(np.float32)
    return kp, score


def rate(fn, items, min_time=2.0):
    """Calls per second of fn over items (looped until min_time)."""
    fn(items[0])
    count, start = 0, time.perf_counter()
    while True:
        for it in items:
            fn(it)
            count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return count / elapsed


def interleaved(fn_a, fn_b, items, rounds=5, min_time=1.0):
    """Rates of a and b measured in alternating rounds (robust to a
    machine whose load drifts); returns the medians and the median of the
    per-round ratios a / b."""
    ra, rb = [], []
    for _ in range(rounds):
        ra.append(rate(fn_a, items, min_time))
        rb.append(rate(fn_b, items[:2], min_time))
    ratio = float(np.median(np.array(ra) / np.array(rb)))
    return float(np.median(ra)), float(np.median(rb)), ratio


def compare(args, limb):
    shape = (56, 56)
    rng = np.random.default_rng(0)
    kp, score = poses(rng, args.samples, args.persons, args.frames, shape)
    items = [dict(keypoint=kp[i], keypoint_score=score[i], img_shape=shape)
             for i in range(args.samples)]
    ours = GeneratePoseTarget(with_kp=not limb, with_limb=limb)
    name = 'limb' if limb else 'keypoint'
    if not args.pyskl:
        ours_rate = rate(lambda r: ours(dict(r)), items)
        print(f'{name:8s} skelact {ours_rate:8.1f} volumes/s')
    else:
        mod = load_pyskl(args.pyskl, 'heatmap_related.py')
        ref = mod.GeneratePoseTarget(with_kp=not limb, with_limb=limb,
                                     skeletons=PYSKL_LIMBS)

        def run_ref(r):
            return ref(dict(r, keypoint=r['keypoint'].copy()))

        ours_rate, ref_rate, ratio = interleaved(
            lambda r: ours(dict(r)), run_ref, items, args.rounds)
        diff = 0.
        for r in items:
            a = run_ref(r)['imgs'].transpose(1, 0, 2, 3)   # (K, T, H, W)
            b = ours(dict(r))['imgs'][0]
            diff = max(diff, float(np.abs(a - b).max()))
        print(f'{name:8s} skelact {ours_rate:8.1f} volumes/s   pyskl '
              f'{ref_rate:7.1f} volumes/s   ratio {ratio:6.1f}x (median of '
              f'{args.rounds} alternating rounds)   max |diff| {diff:.2e}',
              flush=True)
    # the batched torch renderer (data preprocessor), per volume
    for dev in ['cpu'] + (['cuda'] if torch.cuda.is_available() else []):
        b = 8 if dev == 'cpu' else 64
        kt = torch.as_tensor(kp[:b]).to(dev)
        st = torch.as_tensor(score[:b]).to(dev)

        def batch(_):
            out = render_pose_heatmaps(kt, st, shape, with_kp=not limb,
                                       with_limb=limb)
            if dev == 'cuda':
                torch.cuda.synchronize()
            return out

        print(f'{name:8s} torch renderer on {dev}: '
              f'{rate(batch, [0]) * b:8.1f} volumes/s (batch {b})',
              flush=True)


def check_sampling(args):
    mod = load_pyskl(args.pyskl, 'sampling.py')
    worst = 0
    for test in (False, True):
        for n in (5, 30, 47, 48, 60, 95, 96, 300):
            for clips in (1, 10):
                ref = mod.UniformSampleFrames(48, num_clips=clips)
                ours = UniformSampleFrames(48, num_clips=clips,
                                           test_mode=test)
                kp = np.ones((1, n, 17, 2), np.float32)
                np.random.seed(n)
                a = ref(dict(total_frames=n, start_index=0, test_mode=test,
                             keypoint=kp))['frame_inds']
                np.random.seed(n)
                b = ours.frame_indices(n)
                worst = max(worst, int(np.abs(a - b).max()))
    print(f'UniformSampleFrames vs pyskl (train and test, 8 lengths x 1/10 '
          f'clips): max index difference {worst}')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--pyskl', help="folder with pyskl's heatmap_related.py "
                   '(and sampling.py), outside the repository')
    p.add_argument('--frames', type=int, default=48)
    p.add_argument('--persons', type=int, default=2)
    p.add_argument('--samples', type=int, default=16)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--sampling', action='store_true')
    args = p.parse_args()
    torch.set_num_threads(1)
    print(f'{args.frames} frames x 17 x 56 x 56, {args.persons} persons, '
          'one thread')
    compare(args, limb=False)
    compare(args, limb=True)
    if args.sampling and args.pyskl:
        check_sampling(args)


if __name__ == '__main__':
    main()
