"""Data-preparation benchmark on generated NTU ``.skeleton`` files.

Measures files/s of

- ``naive``: a straightforward single-process reader: readlines, then a
  line-by-line loop that splits every joint line and stacks per-body
  arrays frame by frame (the structure of the widely used scripts);
- ``skelact wN``: skelact's parse + denoise + per-file cache step
  (:func:`skelact.datasets.prep.ntu._convert_one`) with N worker processes
  (``w0`` = in the calling process);
- ``prepare w2``: the whole :func:`prepare_ntu` (parse, denoise, write the
  skelact folder, report) with 2 workers.

and prints the ratios to the naive reader. ``--memory`` instead measures
the peak RSS of iterating a DataLoader over an NTU-120-sized AimCLR array
(114k x 3 x 50 x 25 x 2 float32, 3.4 GB, created sparse on disk)::

    python benchmarks/bench_prepare_ntu.py --files 400
    python benchmarks/bench_prepare_ntu.py --memory
"""
import argparse
import os
import os.path as osp
import shutil
import sys
import tempfile
import time

import numpy as np

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(ROOT, 'tests', 'datasets'))


def generate(folder, n_files, seed=0):
    from helpers_formats import actor_track, frames_from_tracks, \
        write_skeleton
    rng = np.random.default_rng(seed)
    for i in range(n_files):
        t = int(rng.integers(60, 120))            # NTU: ~80 frames mean
        a = 1 + i % 60
        tracks = [('72057594037931101', 0, actor_track(rng, t))]
        if a >= 50 or i % 7 == 0:                 # interactions / noise
            tracks.append(('72057594037931102', 0,
                           actor_track(rng, t, center=(0.8, 0, 3))))
        name = f'S{1 + i % 17:03d}C{1 + i % 3:03d}P{1 + i % 40:03d}' \
               f'R{1 + i % 2:03d}A{a:03d}'
        write_skeleton(osp.join(folder, f'{i:05d}_' + name + '.skeleton'),
                       frames_from_tracks(t, tracks))


def naive_read(path):
    """Straightforward reader: per-line parsing, per-frame stacking."""
    with open(path) as f:
        lines = f.readlines()
    n_frames = int(lines[0])
    pos = 1
    bodies = {}
    for _ in range(n_frames):
        nb = int(lines[pos])
        pos += 1
        for _ in range(nb):
            bid = lines[pos].split()[0]
            pos += 1
            nj = int(lines[pos])
            pos += 1
            joints = np.zeros((nj, 3), np.float32)
            for j in range(nj):
                vals = lines[pos].split()
                joints[j] = np.array(vals[:3], dtype=np.float32)
                pos += 1
            if bid in bodies:
                bodies[bid] = np.vstack((bodies[bid], joints[None]))
            else:
                bodies[bid] = joints[None]
    return bodies


def bench_prepare(n_files, repeats=1):
    from skelact.datasets import prep
    from skelact.datasets.prep.ntu import _convert_one
    tmp = tempfile.mkdtemp(prefix='bench_ntu_')
    try:
        raw = osp.join(tmp, 'raw')
        os.makedirs(raw)
        generate(raw, n_files)
        files = sorted(osp.join(raw, f) for f in os.listdir(raw))
        for f in files[:20]:                      # warm the page cache
            open(f).read()
        results = {}
        t0 = time.perf_counter()
        for f in files:
            naive_read(f)
        results['naive (1 process)'] = n_files / (time.perf_counter() - t0)
        for w in (0, 1, 2):
            cache = osp.join(tmp, f'cache{w}')
            os.makedirs(cache)
            jobs = [(osp.basename(f)[6:-9], f, cache, {}) for f in files]
            # the file names carry a prefix; process_skeleton_file finds the
            # NTU name inside them
            t0 = time.perf_counter()
            out = list(prep.run_parallel(_convert_one, jobs, w,
                                         progress=False))
            dt = time.perf_counter() - t0
            bad = [o for o in out if o[1] is not None]
            assert not bad, bad[:3]
            results[f'skelact parse+denoise w{w}'] = n_files / dt
        # end to end (names must be real NTU names: strip the prefix)
        raw2 = osp.join(tmp, 'raw2')
        os.makedirs(raw2)
        for f in files:
            name = osp.basename(f)[6:]
            dst = osp.join(raw2, name)
            if not osp.exists(dst):
                os.link(f, dst)
        n2 = len(os.listdir(raw2))
        t0 = time.perf_counter()
        prep.prepare_ntu([raw2], osp.join(tmp, 'out'), 'ntu60',
                         workers=2, progress=False, log=lambda m: None)
        results[f'prepare_ntu end-to-end w2 ({n2} files)'] = \
            n2 / (time.perf_counter() - t0)
        base = results['naive (1 process)']
        print(f'{n_files} generated .skeleton files, {os.cpu_count()} CPUs')
        print(f'{"reader":45s} {"files/s":>9s} {"vs naive":>9s}')
        for k, v in results.items():
            print(f'{k:45s} {v:9.1f} {v / base:8.2f}x')
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def peak_rss_mb():
    import resource
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return self_kb / 1024, child_kb / 1024


def bench_memory(n=114_480, t=50, subset=4096, workers=2, batch=64):
    import pickle

    import torch
    from torch.utils.data import DataLoader, Subset

    from skelact.datasets import AimCLRDataset
    tmp = tempfile.mkdtemp(prefix='bench_mem_')
    try:
        data = osp.join(tmp, 'train_position.npy')
        arr = np.lib.format.open_memmap(data, mode='w+', dtype=np.float32,
                                        shape=(n, 3, t, 25, 2))
        # a little real data every 997 samples, the rest a sparse hole
        rng = np.random.default_rng(0)
        for i in range(0, n, 997):
            arr[i, :, :t // 2] = rng.normal(size=(3, t // 2, 25, 2))
        arr.flush()
        del arr
        size_gb = osp.getsize(data) / 1e9
        names = [f'S{1 + i % 32:03d}C001P{1 + i % 106:03d}R001A'
                 f'{1 + i % 120:03d}.skeleton' for i in range(n)]
        with open(osp.join(tmp, 'train_label.pkl'), 'wb') as f:
            pickle.dump((names, [i % 120 for i in range(n)]), f)
        before = peak_rss_mb()[0]
        ds = AimCLRDataset(tmp, split='train', num_classes=120)
        after_init = peak_rss_mb()[0]

        def collate(batch):
            return torch.from_numpy(np.stack([
                np.pad(b['keypoint'], ((0, 0), (0, t - b['keypoint']
                                                .shape[1]), (0, 0), (0, 0)))
                for b in batch]))
        idx = np.random.default_rng(1).choice(n, subset, replace=False)
        loader = DataLoader(Subset(ds, idx.tolist()), batch_size=batch,
                            num_workers=workers, collate_fn=collate,
                            shuffle=True)
        t0 = time.perf_counter()
        seen = 0
        for x in loader:
            seen += x.shape[0]
        dt = time.perf_counter() - t0
        main_mb, child_mb = peak_rss_mb()
        print(f'AimCLR array {n} x 3 x {t} x 25 x 2 float32 = '
              f'{size_gb:.2f} GB on disk (memory-mapped)')
        print(f'peak RSS before dataset: {before:.0f} MB; after building '
              f'the dataset ({n} records): {after_init:.0f} MB')
        print(f'after iterating {seen} samples ({workers} workers, batch '
              f'{batch}, {seen / dt:.0f} samples/s): main process peak '
              f'{main_mb:.0f} MB, largest worker peak {child_mb:.0f} MB')
        return dict(size_gb=size_gb, main_mb=main_mb, child_mb=child_mb)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--files', type=int, default=400)
    p.add_argument('--memory', action='store_true',
                   help='measure peak RSS of reading an NTU-120-sized '
                        'AimCLR array instead')
    args = p.parse_args(argv)
    if args.memory:
        bench_memory()
    else:
        bench_prepare(args.files)


if __name__ == '__main__':
    main()
