"""t-SNE of a model's features on the test split, coloured by class.

    python tools/analysis/tsne.py CONFIG CKPT [--protocol NAME] \
        [--split test|val|train] [--max-samples 2000] [--seed 0] \
        [--iters 1000] [--out tsne.png] [--convert [SOURCE]]

CONFIG CKPT as for tools/test.py; a pretraining config with its
pretraining checkpoint gives the encoder's features (before the
projector). Features come from ``extract_features`` (skelact.apis), the
embedding from scikit-learn's t-SNE (``pip install 'skelact[vis]'``).
Default output: ``<CKPT folder>/tsne.png``.
"""
import argparse
import os.path as osp
import sys

from skelact.cli.errors import user_errors


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--protocol')
    p.add_argument('--split', default='test',
                   choices=['test', 'val', 'train'])
    p.add_argument('--max-samples', type=int, default=2000)
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--iters', type=int, default=1000,
                   help='t-SNE iterations (at least 250)')
    p.add_argument('--convert', nargs='?', const='auto', metavar='SOURCE')
    p.add_argument('--out')
    args = p.parse_args(argv)
    from tqdm import tqdm

    from skelact.apis import class_names, extract_features, init_model
    from skelact.visualization import plot_tsne, require_matplotlib
    from skelact.visualization import tsne_embed
    require_matplotlib()  # before the features: a missing extra stops now
    model = init_model(args.config, args.checkpoint,
                       protocol=args.protocol, convert=args.convert)
    bar = tqdm(desc='features', unit='batch', file=sys.stderr)
    feats, labels = extract_features(model, args.split, args.batch_size,
                                     limit=args.max_samples,
                                     progress=lambda: bar.update(1))
    bar.close()
    points = tsne_embed(feats, seed=args.seed, max_iter=args.iters)
    out = args.out or osp.join(osp.dirname(osp.abspath(args.checkpoint)),
                               'tsne.png')
    title = (f'{osp.basename(args.config)}: t-SNE of {len(feats)} '
             f'{args.split} features (D={feats.shape[1]})')
    plot_tsne(points, labels, class_names(model), out, title)
    print(f'wrote {out}')
    return out


if __name__ == '__main__':
    with user_errors():
        main()
