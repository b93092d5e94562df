"""graph2vec embedding throughput, extrapolated to NTU RGB+D 60.

Embeds synthetic samples (``SyntheticDataset``, NTU's 25-joint layout,
normalised by AimCLRNormalize as the tool's default) with the tool's
defaults (WL: centred coordinates, 0.2 m bins, 2 iterations; PV-DBOW: 128
dimensions, 10 epochs, lr 0.025, sample 1e-4, min_count 5), every frame
of person 1, and reports

- WL words: graphs/s per worker process and with ``--workers`` processes;
- PV-DBOW: graphs/s (10 epochs) with ``--workers`` threads;

and the time these rates give for NTU-60's 56,578 samples at 300 frames
(16.97 M graphs, the padded arrays) and at the 60 frames the classifiers
read (3.39 M graphs; the tool's default ``--frame-select stride``)::

    python benchmarks/bench_graph2vec.py --samples 200 --workers 2

PV-DBOW time grows with the corpus only linearly, but its vocabulary (and
so its cache behaviour) grows with it too: treat the extrapolation as a
lower bound for the embedding stage.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

NTU60_SAMPLES = 56578


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--samples', type=int, default=200)
    p.add_argument('--workers', type=int, default=os.cpu_count() or 1)
    p.add_argument('--out', help='write the numbers as JSON')
    args = p.parse_args()
    import torch
    from skelact.datasets.graph2vec import EmbedSource, Graph2VecEmbedder
    torch.set_num_threads(1)
    src = EmbedSource(
        {'all': dict(type='SyntheticDataset', split=None, num_classes=10)},
        preprocess=[dict(type='AimCLRNormalize', length=None)])
    src.items, src.records = (src.items[:args.samples],
                              src.records[:args.samples])
    src.splits = {}
    tmp = tempfile.mkdtemp(prefix='bench_g2v_')
    try:
        emb = Graph2VecEmbedder(frame_select='all', workers=args.workers,
                                chunk_size=16, progress=False)
        t0 = time.time()
        rep = emb.run(src, os.path.join(tmp, 'out'))
        total = time.time() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    wl, d2v = rep['stages']['wl'], rep['stages']['doc2vec']
    graphs = wl['graphs']
    res = dict(
        samples=len(src), graphs=graphs, workers=args.workers,
        wl_graphs_per_s_per_worker=wl['graphs_per_second_per_worker'],
        wl_graphs_per_s=graphs / wl['seconds'],
        doc2vec_graphs_per_s=graphs / d2v['seconds'],
        doc2vec_vocabulary=d2v['vocabulary'], total_seconds=total)
    for frames in (300, 60):
        n = NTU60_SAMPLES * frames
        wl_s = n / res['wl_graphs_per_s']
        d2v_s = n / res['doc2vec_graphs_per_s']
        res[f'ntu60_x{frames}'] = dict(
            graphs=n, wl_hours=wl_s / 3600, doc2vec_hours=d2v_s / 3600,
            total_hours=(wl_s + d2v_s) / 3600,
            doc_vectors_gb=n * 128 * 4 / 1e9)
    print(json.dumps(res, indent=1))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(res, f, indent=1)


if __name__ == '__main__':
    main()
