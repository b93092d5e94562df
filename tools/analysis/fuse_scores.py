"""Fuse the dumped test scores of several streams.

    python tools/test.py JOINT_CFG JOINT_CKPT --dump joint.npz
    python tools/test.py BONE_CFG BONE_CKPT --dump bone.npz
    python tools/test.py MOTION_CFG MOTION_CKPT --dump motion.npz
    python tools/analysis/fuse_scores.py joint.npz bone.npz motion.npz \
        [--weights 0.6 0.6 0.4] [--on scores|logits]

``--on logits`` fuses the raw logits (files of ``tools/test.py --dump
FILE.npz --dump-logits``), as the AimCLR authors' ensemble scripts do;
the default fuses softmax scores.
"""
import argparse

from skelact.cli.errors import user_errors
from skelact.evaluation.fusion import FUSE_INPUTS, fuse_files


def main():
    p = argparse.ArgumentParser(description='multi-stream score fusion')
    p.add_argument('scores', nargs='+', help='.npz files of tools/test.py '
                   '--dump, one per stream')
    p.add_argument('--weights', type=float, nargs='+',
                   help='one weight per file (default: 0.6 0.6 0.4 for '
                   'three streams, else equal)')
    p.add_argument('--on', choices=FUSE_INPUTS, default='scores',
                   help='fuse softmax scores (default) or raw logits '
                   '(dumped with --dump-logits; the AimCLR authors\' '
                   'ensemble)')
    args = p.parse_args()
    weights = args.weights
    if weights is None:
        weights = [0.6, 0.6, 0.4] if len(args.scores) == 3 else \
            [1.0] * len(args.scores)
    for name, value in fuse_files(args.scores, weights,
                                  on=args.on).items():
        print(f'{name}: {value:.4f}')


if __name__ == '__main__':
    with user_errors():
        main()
