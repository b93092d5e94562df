"""Write the built-in synthetic dataset to disk in skelact's folder format.

The same data :class:`skelact.datasets.SyntheticDataset` generates in
memory, as a real dataset folder (``SkelactDataset`` reads it back)::

    python tools/data/make_synthetic.py --out data/synthetic
    python tools/data/make_synthetic.py --out data/synthetic20 --num-classes 20

An existing output folder is refused unless ``--overwrite`` is given; even
then only the dataset's own files in it are replaced (other files stay).

See docs/synthetic.md.
"""
import argparse
import os.path as osp
import time

import numpy as np

from skelact.cli.errors import user_errors
from skelact.datasets.formats import write_skelact
from skelact.datasets.formats.skelact import check_replaceable
from skelact.datasets.synthetic import (CLASSES, generate_synthetic,
                                        synthetic_splits)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description='Generate the synthetic skeleton dataset (skelact '
                    'format, splits xsub_train/val and xview_train/val).')
    p.add_argument('--out', default='data/synthetic',
                   help='output folder (must not exist, or be empty, '
                   'unless --overwrite)')
    p.add_argument('--overwrite', action='store_true',
                   help="replace the dataset files of an existing output "
                   "folder (other files in it are kept)")
    p.add_argument('--num-classes', type=int, default=10,
                   help=f'number of classes, 1..{len(CLASSES)}')
    p.add_argument('--num-subjects', type=int, default=20)
    p.add_argument('--num-cameras', type=int, default=3)
    p.add_argument('--samples-per-class-subject-camera', type=int,
                   default=2, help='repetitions of every action')
    p.add_argument('--min-frames', type=int, default=40)
    p.add_argument('--max-frames', type=int, default=120)
    p.add_argument('--noise-std', type=float, default=.01,
                   help='joint noise std in metres')
    p.add_argument('--seed', type=int, default=0)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    # before generating anything: an existing folder is not replaced
    check_replaceable(osp.abspath(args.out), args.overwrite)
    tic = time.time()
    records = generate_synthetic(
        num_classes=args.num_classes, num_subjects=args.num_subjects,
        num_cameras=args.num_cameras,
        samples_per_class_subject_camera=(
            args.samples_per_class_subject_camera),
        min_frames=args.min_frames, max_frames=args.max_frames,
        noise_std=args.noise_std, seed=args.seed)
    splits = synthetic_splits(records)
    out = write_skelact(args.out, records, splits, layout='nturgb+d',
                        num_persons=2, channels=3,
                        num_classes=args.num_classes,
                        classes=CLASSES[:args.num_classes],
                        overwrite=args.overwrite)
    frames = np.array([r['total_frames'] for r in records])
    print(f'wrote {len(records)} samples ({frames.sum()} frames, '
          f'T {frames.min()}-{frames.max()}) to {out} in '
          f'{time.time() - tic:.1f} s')
    for name, idx in splits.items():
        print(f'  {name:12s} {len(idx):6d} samples')
    print(f'{args.num_classes} classes:')
    for i, name in enumerate(CLASSES[:args.num_classes]):
        print(f'  A{i + 1:03d} {name}')
    return out


if __name__ == '__main__':
    with user_errors():
        main()
