"""ConMLP on the synthetic set through the tools: pretrain, then the derived
linear protocol (the authors' classifier, 100 iterations of 256, the whole
test set) from the pretraining checkpoint and from a randomly initialised
encoder (``--checkpoint none``), for NT-Xent and NT-Xent + reconstruction.

    python benchmarks/conmlp_synthetic_linear.py [--work-dir DIR]
        [--configs mlp_synthetic_xsub mlp_synthetic_xsub_recon]

Prints the test top-1 of each linear run. Several minutes on a 2-core CPU;
tests/models/test_conmlp_learning.py is the short in-process check.
"""
import argparse
import glob
import json
import os
import os.path as osp
import subprocess
import sys
import tempfile

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
TRAIN = osp.join(ROOT, 'tools', 'train.py')
SMALL = ['train_dataloader.num_workers=2', 'val_dataloader.num_workers=2',
         'train_dataloader.persistent_workers=False',
         'val_dataloader.persistent_workers=False']


def run(args):
    proc = subprocess.run([sys.executable, TRAIN] + args, cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])


def top1(work_dir):
    path = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))[-1]
    with open(path) as f:
        rows = [json.loads(line) for line in f]
    return [r['acc/top1'] for r in rows if 'acc/top1' in r][-1]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--work-dir', default=None)
    p.add_argument('--configs', nargs='+',
                   default=['mlp_synthetic_xsub', 'mlp_synthetic_xsub_recon'])
    args = p.parse_args()
    base = args.work_dir or tempfile.mkdtemp(prefix='conmlp_bench_')
    for name in args.configs:
        cfg = osp.join(ROOT, 'configs', 'conmlp', name + '.py')
        work = osp.join(base, name)
        run([cfg, '--work-dir', work])
        with open(osp.join(work, 'last_checkpoint')) as f:
            ckpt = f.read().strip()
        accs = {}
        for label, c in (('pretrained', ckpt), ('random', 'none')):
            out = osp.join(work, 'linear_' + label)
            run([cfg, '--protocol', 'linear', '--checkpoint', c,
                 '--work-dir', out, '--cfg-options'] + SMALL)
            accs[label] = top1(out)
        print(f'{name}: linear top-1 pretrained {accs["pretrained"]:.3f}, '
              f'random encoder {accs["random"]:.3f}', flush=True)
    print(f'work dirs under {base}', file=sys.stderr)


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '2')
    main()
