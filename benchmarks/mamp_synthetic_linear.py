"""MAMP on the synthetic set through the tools: pretrain
``configs/mamp/transformer_synthetic_xsub.py``, then the derived linear
protocol (MAMP's probe: non-affine BatchNorm in front of the classifier,
SGD 0.1, cosine) from the pretraining checkpoint and from a randomly
initialised encoder (``--checkpoint none``), and the KNN protocol of both.

    python benchmarks/mamp_synthetic_linear.py [--work-dir DIR]
        [--linear-epochs 100] [--pretrain-epochs 60]

Prints the final test top-1 of each run and the pretraining loss at the
first and last logged iterations. Several minutes on a 2-core CPU;
tests/models/test_mamp.py holds the short in-process checks.
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
TEST = osp.join(ROOT, 'tools', 'test.py')
CFG = osp.join(ROOT, 'configs', 'mamp', 'transformer_synthetic_xsub.py')
LOADERS = ['train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
           'test_dataloader.num_workers=0',
           'train_dataloader.persistent_workers=False',
           'val_dataloader.persistent_workers=False',
           'test_dataloader.persistent_workers=False']


def run(tool, args):
    proc = subprocess.run([sys.executable, tool] + args, cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return proc.stdout + proc.stderr


def scalars(work_dir):
    path = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))[-1]
    with open(path) as f:
        return [json.loads(line) for line in f]


def random_checkpoint(path, seed=0):
    """A randomly initialised MAMP of the config (seeded), saved as a plain
    mmengine-style checkpoint (the random encoder's KNN reads it)."""
    import torch
    from mmengine.config import Config

    sys.path.insert(0, ROOT)
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    torch.manual_seed(seed)
    # the constructors initialise MAMP (as the authors' _init_weights);
    # init_weights() would only log every parameter
    model = MODELS.build(Config.fromfile(CFG).model)
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(kind='pretrain', seed=seed)), path)
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--work-dir', default=None)
    p.add_argument('--pretrain-epochs', type=int, default=60)
    p.add_argument('--linear-epochs', type=int, default=100)
    p.add_argument('--pretrained', default=None,
                   help='an existing pretraining checkpoint (skip pretraining)')
    args = p.parse_args()
    base = args.work_dir or tempfile.mkdtemp(prefix='mamp_bench_')
    ckpt = args.pretrained
    if ckpt is None:
        work = osp.join(base, 'pretrain')
        e = args.pretrain_epochs
        run(TRAIN, [CFG, '--work-dir', work, '--cfg-options',
                    f'train_cfg.max_epochs={e}',
                    f'param_scheduler.1.end={e}',
                    f'param_scheduler.1.T_max={e - 1}',
                    f'default_hooks.checkpoint.interval={e}'])
        with open(osp.join(work, 'last_checkpoint')) as f:
            ckpt = f.read().strip()
        losses = [r['loss_motion'] for r in scalars(work)
                  if 'loss_motion' in r]
        print(f'pretraining loss_motion: first {losses[0]:.4f}, last '
              f'{losses[-1]:.4f} ({len(losses)} logged)', flush=True)
    e = args.linear_epochs
    res = {}
    for label, c in (('pretrained', ckpt), ('random', 'none')):
        out = osp.join(base, 'linear_' + label)
        run(TRAIN, [CFG, '--protocol', 'linear', '--checkpoint', c,
                    '--work-dir', out, '--cfg-options',
                    f'train_cfg.max_epochs={e}', f'train_cfg.val_interval={e}',
                    f'param_scheduler.0.end={e}',
                    f'param_scheduler.0.T_max={e}'] + LOADERS)
        res['linear', label] = [r['acc/top1'] for r in scalars(out)
                                if 'acc/top1' in r][-1]
        out = osp.join(base, 'knn_' + label)
        if c == 'none':
            c = random_checkpoint(osp.join(base, 'random.pth'))
        log = run(TEST, [CFG, c, '--protocol', 'knn', '--work-dir', out,
                         '--cfg-options', 'test_dataloader.num_workers=0',
                   'test_dataloader.persistent_workers=False',
                   'test_cfg.train_dataloader.num_workers=0',
                   'test_cfg.train_dataloader.persistent_workers=False'])
        hits = [ln for ln in log.splitlines() if 'acc/top1' in ln]
        res['knn', label] = hits[-1].split('acc/top1:')[1].split()[0] \
            if hits else 'n/a'
    print(f"linear top-1: pretrained {res['linear', 'pretrained']:.2f}, "
          f"random encoder {res['linear', 'random']:.2f} "
          f'({e} epochs, MAMP probe)')
    print(f"knn top-1: pretrained {res['knn', 'pretrained']}, random "
          f"encoder {res['knn', 'random']}")
    print(f'work dirs under {base}', file=sys.stderr)


if __name__ == '__main__':
    # one thread: on a shared 2-core machine two threads per process spin
    # against each other (8.8 s vs 0.3 s per pretraining iteration here)
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    main()
