"""PKU-MMD part I / II per-video files -> action-clip datasets.

::

    python tools/data/prepare_pku_mmd.py --part 1 \\
        --skeleton data/raw/pku1/PKU_Skeleton_Renew \\
        --labels data/raw/pku1/Train_Label_PKU_final \\
        --xsub-split data/raw/pku1/Split/cross-subject.txt \\
        --xview-split data/raw/pku1/Split/cross-view.txt \\
        --out data --aimclr

Writes ``<out>/pku<part>_skelact/`` (splits ``xsub_train/val`` and, part I,
``xview_train/val``), optionally ``pku<part>_aimclr/<protocol>/``,
``pku<part>_aimclr300/`` and ``pku<part>_pyskl/pku<part>_3danno.pkl``, and
``pku<part>_report.{json,txt}``. See docs/datasets.md.
"""
import argparse
import sys
import time

from skelact.cli.errors import user_errors
from skelact.datasets.prep import prepare_pku_mmd


def parse_args(argv=None):
    p = argparse.ArgumentParser(description='Prepare PKU-MMD part I / II')
    p.add_argument('--part', type=int, choices=[1, 2], default=1)
    p.add_argument('--skeleton', required=True,
                   help='folder of per-video skeleton .txt files')
    p.add_argument('--labels', required=True,
                   help='folder of per-video label .txt files')
    p.add_argument('--xsub-split', default=None,
                   help='official cross-subject split file')
    p.add_argument('--xview-split', default=None,
                   help='official cross-view split file (part I; default: '
                        'views M, R train, L val)')
    p.add_argument('--out', default='data')
    p.add_argument('--work-dir', default=None)
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--frame-base', type=int, default=1, choices=[0, 1],
                   help='label frame numbers start at 1 (default) or 0')
    p.add_argument('--aimclr', action='store_true')
    p.add_argument('--aimclr-300', action='store_true')
    p.add_argument('--no-aimclr-normalize', action='store_true')
    p.add_argument('--pyskl', action='store_true')
    p.add_argument('--no-progress', action='store_true')
    p.add_argument('--overwrite', action='store_true',
                   help="replace the outputs of an earlier run (only this "
                   "tool's files; the parse cache is always reused)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    t0 = time.time()
    report = prepare_pku_mmd(
        args.skeleton, args.labels, args.out, part=args.part,
        split_files=dict(xsub=args.xsub_split, xview=args.xview_split)
        if (args.xsub_split or args.xview_split) else None,
        workers=args.workers, work_dir=args.work_dir,
        frame_base=args.frame_base, aimclr=args.aimclr,
        aimclr_raw=args.aimclr_300,
        aimclr_normalize=not args.no_aimclr_normalize, pyskl=args.pyskl,
        progress=not args.no_progress, overwrite=args.overwrite)
    print('splits: ' + ', '.join(f'{k} {v}' for k, v in
                                 report['splits'].items()))
    print(f'done in {time.time() - t0:.1f} s')
    return 0


if __name__ == '__main__':
    with user_errors():
        sys.exit(main())
