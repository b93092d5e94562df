"""Embed every frame graph of a prepared dataset with graph2vec, once.

Needs the optional extra ``graph`` (``pip install -e '.[graph]'``)::

    # a skelact-format folder (tools/data/prepare_ntu.py), every split
    python tools/data/embed_graph2vec.py data/ntu60_skelact data/ntu60_graph2vec
    # any registered dataset, one dataset config per output split
    python tools/data/embed_graph2vec.py \\
        --dataset xview_train="dict(type='SyntheticDataset', split='xview_train')" \\
        --dataset xview_val="dict(type='SyntheticDataset', split='xview_val')" \\
        --out data/synthetic_graph2vec

The output is a memory-mapped embedding folder
(``skelact/datasets/formats/embedding.py``) that ``GraphEmbeddingDataset``
reads, with ``report.json``. The work is cached in ``<out>.cache``: an
interrupted run continues when the same command is run again. An existing
output is refused unless ``--overwrite``. See configs/graph2vec/README.md.
"""
import argparse
import ast
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from skelact.cli.errors import user_errors  # noqa: E402
from skelact.datasets.frame_select import FRAME_SELECT_MODES  # noqa: E402
from skelact.datasets.graph2vec import NODE_LABELS  # noqa: E402

NORMALIZE = {
    'none': [],
    # centre on joint 21 and turn the shoulders onto x in every frame, the
    # frames kept (AimCLRNormalize without its resize)
    'aimclr': [dict(type='AimCLRNormalize', length=None)],
}


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description='graph2vec embeddings (WL subtree words + PV-DBOW) of '
                    'every person-frame of a dataset')
    p.add_argument('source', nargs='?',
                   help='a skelact dataset folder (all its splits)')
    p.add_argument('out_pos', nargs='?', metavar='out',
                   help='output folder (or --out)')
    p.add_argument('--out', help='output folder')
    p.add_argument('--dataset', action='append', default=[],
                   metavar='SPLIT=CONFIG',
                   help="a registered dataset as a dict literal, e.g. "
                   "xview_train=\"dict(type='SyntheticDataset', "
                   "split='xview_train')\"; repeat per split")
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing output (and its cache)')
    p.add_argument('--cache-dir', help='default: <out>.cache')
    p.add_argument('--keep-cache', action='store_true')
    g = p.add_argument_group('graphs')
    g.add_argument('--normalize', choices=sorted(NORMALIZE),
                   default='aimclr',
                   help='skeleton normalisation before the graphs '
                   '(default aimclr: centre + shoulders on x per frame)')
    g.add_argument('--node-label', choices=NODE_LABELS, default='centered',
                   help='how coordinates become WL labels')
    g.add_argument('--bin-size', type=float, default=0.2,
                   help='quantisation step, data units (m); default 0.2')
    g.add_argument('--wl-iterations', type=int, default=2)
    g.add_argument('--persons', type=int, default=1)
    g.add_argument('--frame-select', choices=FRAME_SELECT_MODES,
                   default='stride',
                   help="frames embedded per sample (default: every 5th of "
                   "300, the classifiers' 60; 'all': every frame)")
    g.add_argument('--num-frames', type=int, default=60)
    g.add_argument('--window', type=int, default=300)
    d = p.add_argument_group('PV-DBOW (seed 004: 128, 10, 0.025, 1e-4)')
    d.add_argument('--dim', type=int, default=128)
    d.add_argument('--epochs', type=int, default=10)
    d.add_argument('--lr', type=float, default=0.025)
    d.add_argument('--sample', type=float, default=1e-4)
    d.add_argument('--min-count', type=int, default=5)
    d.add_argument('--seed', type=int, default=0)
    r = p.add_argument_group('resources')
    r.add_argument('--workers', type=int, default=os.cpu_count() or 1)
    r.add_argument('--chunk-size', type=int, default=64,
                   help='samples per WL chunk (memory per worker)')
    r.add_argument('--no-progress', action='store_true')
    args = p.parse_args(argv)
    args.out = args.out or args.out_pos
    if not args.out:
        p.error('the output folder is required (OUT or --out)')
    if bool(args.source) == bool(args.dataset):
        p.error('give either a skelact folder SOURCE or --dataset '
                'SPLIT=CONFIG (one per split)')
    return args


def _datasets(specs):
    out = {}
    for spec in specs:
        split, sep, text = spec.partition('=')
        if not sep:
            raise SystemExit(f'--dataset {spec!r}: expected SPLIT=CONFIG')
        try:
            node = ast.parse(text.strip(), mode='eval').body
            if not (isinstance(node, ast.Call) and
                    getattr(node.func, 'id', '') == 'dict'):
                raise ValueError('not a dict(...) call')
            cfg = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords}
        except (SyntaxError, ValueError) as e:
            raise SystemExit(f'--dataset {split}: cannot read {text!r} as '
                             f"dict(type='...', ...) ({e})")
        out[split] = cfg
    return out


def main(argv=None):
    args = parse_args(argv)
    from skelact.datasets.graph2vec import (EmbedSource, Graph2VecEmbedder,
                                            GraphExtraMissing, OutputExists)
    try:
        embedder = Graph2VecEmbedder(
            graph=dict(node_label=args.node_label, bin_size=args.bin_size,
                       wl_iterations=args.wl_iterations),
            doc2vec=dict(vector_size=args.dim, epochs=args.epochs,
                         alpha=args.lr, sample=args.sample,
                         min_count=args.min_count, seed=args.seed),
            num_frames=args.num_frames, frame_select=args.frame_select,
            window=args.window, persons=args.persons, workers=args.workers,
            chunk_size=args.chunk_size, progress=not args.no_progress)
        if os.path.exists(args.out) and not args.overwrite:
            raise OutputExists(f'{args.out}: exists; refusing to overwrite '
                               'it (pass --overwrite to replace it)')
        pre = NORMALIZE[args.normalize]
        if args.source:
            source = EmbedSource.from_folder(args.source, preprocess=pre)
        else:
            source = EmbedSource(_datasets(args.dataset), preprocess=pre,
                                 description='datasets ' + ', '.join(
                                     args.dataset))
        t0 = time.time()
        report = embedder.run(source, args.out, cache_dir=args.cache_dir,
                              overwrite=args.overwrite,
                              keep_cache=args.keep_cache)
    except (GraphExtraMissing, OutputExists, FileNotFoundError,
            ValueError) as e:
        raise SystemExit(f'embed_graph2vec: {e}')
    wl = report['stages']['wl']
    print(json.dumps(dict(
        out=os.path.abspath(args.out), samples=report['samples'],
        graphs=wl['graphs'], empty_person_frames=wl['empty'],
        wl_graphs_per_second_per_worker=round(
            wl.get('graphs_per_second_per_worker', 0), 1),
        doc2vec=report['stages']['doc2vec'],
        seconds=round(time.time() - t0, 1)), indent=1))


if __name__ == '__main__':
    with user_errors():
        main()
