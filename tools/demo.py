"""The README's main job, on the built-in synthetic dataset:

1. pretrain AimCLR          (configs/aimclr/stgcn_synthetic_xsub.py)
2. linear-evaluate it       (configs/aimclr/stgcn_synthetic_xsub_linear.py)
3. the same linear protocol on a randomly initialised frozen encoder, the
   baseline that pretraining must beat
4. KNN evaluation of both encoders

and print the test accuracies. Each step is a plain tools/train.py or
tools/test.py command, printed before it runs. The training steps pass
``--overwrite``: running the demo again starts its runs afresh in the same
work dirs (it deletes only the checkpoints of its earlier runs there).

    python tools/demo.py [--work-dir work_dirs/demo] [--supervised]

``--supervised`` instead trains supervised ST-GCN
(configs/stgcn/stgcn_synthetic_xsub.py) and tests its last checkpoint.
"""
import argparse
import os.path as osp
import re
import subprocess
import sys
import time

from skelact.cli.errors import user_errors

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
PRETRAIN = 'configs/aimclr/stgcn_synthetic_xsub.py'
LINEAR = 'configs/aimclr/stgcn_synthetic_xsub_linear.py'
KNN = 'configs/aimclr/stgcn_synthetic_xsub_knn.py'
SUPERVISED = 'configs/stgcn/stgcn_synthetic_xsub.py'


def run(args):
    cmd = [sys.executable] + args
    print('\n$ ' + ' '.join(['python'] + args), flush=True)
    start = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        sys.stdout.write(proc.stdout[-5000:])
        sys.stderr.write(proc.stderr[-5000:])
        print(f'step failed ({proc.returncode}): {" ".join(args)}',
              file=sys.stderr)
        raise SystemExit(proc.returncode)
    out = proc.stdout + proc.stderr
    print(f'  done in {time.time() - start:.0f} s', flush=True)
    return out


def accuracy(log: str, key: str = 'acc/top1') -> float:
    values = re.findall(re.escape(key) + r': ([0-9.]+)', log)
    if not values:
        raise SystemExit(f'no {key} in the output')
    return float(values[-1])


def last_checkpoint(work_dir: str) -> str:
    with open(osp.join(ROOT, work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--work-dir', default='work_dirs/demo')
    p.add_argument('--supervised', action='store_true')
    args = p.parse_args()
    start = time.time()
    if args.supervised:
        wd = osp.join(args.work_dir, 'stgcn')
        run(['tools/train.py', SUPERVISED, '--work-dir', wd, '--overwrite'])
        log = run(['tools/test.py', SUPERVISED, last_checkpoint(wd),
                   '--work-dir', wd])
        print(f'\nsupervised ST-GCN, synthetic xsub test: '
              f'acc/top1 {accuracy(log):.4f}  '
              f'acc/top5 {accuracy(log, "acc/top5"):.4f}')
    else:
        pre = osp.join(args.work_dir, 'aimclr_pretrain')
        run(['tools/train.py', PRETRAIN, '--work-dir', pre, '--overwrite'])
        ckpt = last_checkpoint(pre)
        lin = osp.join(args.work_dir, 'aimclr_linear')
        run(['tools/train.py', LINEAR, '--work-dir', lin, '--checkpoint',
             ckpt, '--overwrite'])
        aimclr = accuracy(run(['tools/test.py', LINEAR, last_checkpoint(lin),
                               '--work-dir', lin]))
        rnd = osp.join(args.work_dir, 'random_linear')
        run(['tools/train.py', LINEAR, '--work-dir', rnd, '--checkpoint',
             'none', '--overwrite'])
        random_acc = accuracy(run(['tools/test.py', LINEAR,
                                   last_checkpoint(rnd), '--work-dir', rnd]))
        # KNN: the random encoder is the untouched backbone of that run
        # the random encoder's checkpoint is a linear run's: KNN uses its
        # encoder and, by intent, not its classifier (--allow-partial)
        knn = [accuracy(run(['tools/test.py', KNN, c, '--work-dir',
                             osp.join(args.work_dir, name)] + extra))
               for c, name, extra in (
                   (ckpt, 'aimclr_knn', []),
                   (last_checkpoint(rnd), 'random_knn', ['--allow-partial']))]
        print('\nsynthetic xsub test acc/top1   linear    KNN')
        print(f'  AimCLR-pretrained encoder   {aimclr:.4f}   {knn[0]:.4f}')
        print(f'  random frozen encoder       {random_acc:.4f}   {knn[1]:.4f}')
        print(f'  gain (points)               {100 * (aimclr - random_acc):+.1f}'
              f'     {100 * (knn[0] - knn[1]):+.1f}')
    print(f'total {time.time() - start:.0f} s')


if __name__ == '__main__':
    with user_errors():
        main()
