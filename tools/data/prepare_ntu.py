"""NTU RGB+D 60 / 120 raw ``.skeleton`` files -> training-ready datasets.

::

    # NTU-60 (nturgbd_skeletons_s001_to_s017.zip unpacked)
    python tools/data/prepare_ntu.py --raw data/raw/nturgb+d_skeletons \\
        --benchmark ntu60 --out data --aimclr
    # NTU-120: both archives
    python tools/data/prepare_ntu.py --raw data/raw/nturgb+d_skeletons \\
        --raw data/raw/nturgbd_skeletons_s018_to_s032 --benchmark ntu120 \\
        --out data --aimclr --pyskl --workers 8

Writes under ``--out`` (see docs/datasets.md): ``<benchmark>_skelact/``
(every split), with ``--aimclr`` ``<benchmark>_aimclr/<protocol>/`` (the
AimCLR 50-frame layout), with ``--aimclr-300`` ``<benchmark>_aimclr300/``,
with ``--pyskl`` ``<benchmark>_pyskl/<benchmark>_3danno.pkl``, and the
report ``<benchmark>_report.{json,txt}``. Parsed files are cached in
``--work-dir`` (default ``<out>/.cache_ntu``): a second run skips them.
Outputs of an earlier run are refused before any parsing unless
``--overwrite`` (then only these files are replaced).
"""
import argparse
import sys
import time

from skelact.cli.errors import user_errors
from skelact.datasets.prep import DENOISE_DEFAULTS, prepare_ntu


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description='Prepare NTU RGB+D 60/120 from the raw .skeleton files')
    p.add_argument('--raw', action='append', required=True,
                   help='folder with *.skeleton files (repeat for several)')
    p.add_argument('--benchmark', choices=['ntu60', 'ntu120'],
                   default='ntu60')
    p.add_argument('--out', default='data', help='output root folder')
    p.add_argument('--work-dir', default=None,
                   help='cache of parsed files (default <out>/.cache_ntu)')
    p.add_argument('--workers', type=int, default=2,
                   help='worker processes (0: parse in this process)')
    p.add_argument('--aimclr', action='store_true',
                   help='also write the AimCLR 50-frame layout')
    p.add_argument('--aimclr-300', action='store_true',
                   help='also write the AimCLR layout zero-padded to 300 '
                        'frames, raw coordinates')
    p.add_argument('--no-aimclr-normalize', action='store_true',
                   help='50-frame layout: resize only, no centring / '
                        'shoulder alignment')
    p.add_argument('--pyskl', action='store_true',
                   help='also write the pyskl annotation pickle')
    p.add_argument('--no-progress', action='store_true')
    p.add_argument('--overwrite', action='store_true',
                   help="replace the outputs of an earlier run (only this "
                   "tool's files; the parse cache is always reused)")
    for k, v in DENOISE_DEFAULTS.items():
        p.add_argument('--' + k.replace('_', '-'), type=type(v), default=v,
                       help=f'denoising: {k} (default {v})')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    t0 = time.time()
    report = prepare_ntu(
        args.raw, args.out, benchmark=args.benchmark, workers=args.workers,
        work_dir=args.work_dir, aimclr=args.aimclr,
        aimclr_raw=args.aimclr_300,
        aimclr_normalize=not args.no_aimclr_normalize, pyskl=args.pyskl,
        progress=not args.no_progress, overwrite=args.overwrite,
        denoise_kwargs={k: getattr(args, k) for k in DENOISE_DEFAULTS})
    print('splits: ' + ', '.join(f'{k} {v}' for k, v in
                                 report['splits'].items()))
    print(f'done in {time.time() - t0:.1f} s')
    return 0


if __name__ == '__main__':
    with user_errors():
        sys.exit(main())
