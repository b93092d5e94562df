"""Loss and accuracy curves of one or more runs, from mmengine's scalar
logs (``<work dir>/<timestamp>/vis_data/scalars.json``), to one PNG.

    python tools/analysis/plot_curves.py WORK_DIR [WORK_DIR ...] \
        [--keys loss acc/top1 ...] [--labels NAME ...] [--out curves.png]

One panel per scalar (training loss terms, validation / KNN / linear loop
metrics), one line per run. Default output: ``<first work dir>/curves.png``.
"""
import argparse
import os.path as osp

from skelact.cli.errors import user_errors


def main(argv=None):
    from skelact.visualization import plot_curves, read_scalars
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('work_dirs', nargs='+', help='run folders')
    p.add_argument('--keys', nargs='+', help='scalars to plot (default: '
                   'every loss and metric)')
    p.add_argument('--labels', nargs='+', help='one name per run')
    p.add_argument('--out', help='PNG (default <first work dir>/curves.png)')
    args = p.parse_args(argv)
    if args.labels and len(args.labels) != len(args.work_dirs):
        p.error(f'--labels: {len(args.work_dirs)} runs, '
                f'{len(args.labels)} labels')
    labels = args.labels or [osp.basename(osp.normpath(d))
                             for d in args.work_dirs]
    if len(set(labels)) != len(labels):
        labels = [f'{i + 1}: {n}' for i, n in enumerate(labels)]
    runs = {n: read_scalars(d) for n, d in zip(labels, args.work_dirs)}
    out = args.out or osp.join(args.work_dirs[0], 'curves.png')
    keys = plot_curves(runs, out, args.keys)
    print(f'wrote {out} ({", ".join(keys)})')
    return out


if __name__ == '__main__':
    with user_errors():
        main()
