"""ConMLP on the synthetic set through the tools: pretrain, then the derived
protocols from the pretraining checkpoint and from a randomly initialised
encoder (``--checkpoint none``), for NT-Xent and NT-Xent + reconstruction:
``linear`` (the authors' classifier, 100 iterations of 256, the whole test
set), ``linear_probe`` (BN-standardised features) and ``knn`` (k=20,
cosine; the random encoder is read from its linear run's checkpoint).

    python benchmarks/conmlp_synthetic_linear.py [--work-dir DIR]
        [--configs mlp_synthetic_xsub mlp_synthetic_xsub_recon]
        [--protocols linear linear_probe knn]

Prints the test top-1 of each run. Several minutes on a 2-core CPU;
tests/models/test_conmlp_learning.py is the short in-process check.
"""
import argparse
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys
import tempfile

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
TRAIN = osp.join(ROOT, 'tools', 'train.py')
TEST = osp.join(ROOT, 'tools', 'test.py')
SMALL = ['train_dataloader.num_workers=2', 'val_dataloader.num_workers=2',
         'train_dataloader.persistent_workers=False',
         'val_dataloader.persistent_workers=False']


def run(args, tool=TRAIN):
    proc = subprocess.run([sys.executable, tool] + args, cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return proc.stdout + proc.stderr


def logged_top1(log):
    """The last acc/top1 a tool printed (a test run writes no scalars)."""
    return float(re.findall(r'acc/top1: ([0-9.]+)', log)[-1])


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
    p.add_argument('--protocols', nargs='+',
                   default=['linear', 'linear_probe', 'knn'])
    args = p.parse_args()
    base = args.work_dir or tempfile.mkdtemp(prefix='conmlp_bench_')
    for name in args.configs:
        cfg = osp.join(ROOT, 'configs', 'conmlp', name + '.py')
        work = osp.join(base, name)
        run([cfg, '--work-dir', work])
        with open(osp.join(work, 'last_checkpoint')) as f:
            ckpt = f.read().strip()
        trained = [q for q in args.protocols if q != 'knn'] or ['linear']
        accs = {}
        for proto in trained:
            for label, c in (('pretrained', ckpt), ('random', 'none')):
                out = osp.join(work, f'{proto}_{label}')
                run([cfg, '--protocol', proto, '--checkpoint', c,
                     '--work-dir', out, '--cfg-options'] + SMALL)
                accs[proto, label] = top1(out)
        if 'knn' in args.protocols:
            with open(osp.join(work, f'{trained[0]}_random',
                               'last_checkpoint')) as f:
                rand = f.read().strip()
            for label, c, extra in (('pretrained', ckpt, []),
                                    ('random', rand, ['--allow-partial'])):
                out = osp.join(work, f'knn_{label}')
                accs['knn', label] = logged_top1(run(
                    [cfg, c, '--protocol', 'knn', '--work-dir', out] + extra,
                    tool=TEST))
        for proto in args.protocols:
            print(f'{name} {proto}: top-1 pretrained '
                  f'{accs[proto, "pretrained"]:.3f}, random encoder '
                  f'{accs[proto, "random"]:.3f}', flush=True)
    print(f'work dirs under {base}', file=sys.stderr)


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '2')
    main()
