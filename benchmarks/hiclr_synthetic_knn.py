"""HiCLR (k = 3) on the built-in synthetic set: does pretraining beat a
random frozen encoder under KNN, and what does a HiCLR step cost next to
an AimCLR step?

1. pretrain HiCLR with configs/hiclr/stgcn_synthetic_xsub.py
   (tools/train.py, the shipped config: 12 epochs, NNM from the 7th);
2. KNN (tools/test.py --protocol knn) of its last checkpoint and of a
   randomly initialised HiCLR of the same config (seeded, saved here);
3. pretraining throughput (samples/s) of HiCLR and AimCLR in this process,
   interleaved (A B A B ...) so a shared machine's load hits both alike:
   one step = every view through the encoders, the losses, backward, SGD,
   momentum update, enqueue.

    python benchmarks/hiclr_synthetic_knn.py [--work-dir work_dirs/bench_hiclr]
        [--epochs 12] [--skip-train] [--throughput-only] [--batch 32]
        [--frames 50] [--hidden-dim 256] [--rounds 3] [--iters 2]
        [--with-aimclr] [--small] [--knn-only]

``--with-aimclr`` also pretrains configs/aimclr/stgcn_synthetic_xsub.py
the same way and reports its KNN and wall time. Prints a table.
"""
import argparse
import os
import os.path as osp
import re
import statistics
import subprocess
import sys
import time

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
HICLR = 'configs/hiclr/stgcn_synthetic_xsub.py'
AIMCLR = 'configs/aimclr/stgcn_synthetic_xsub.py'
KNN_OPTS = ['--cfg-options', 'test_dataloader.num_workers=0',
            'test_dataloader.persistent_workers=False',
            'test_cfg.train_dataloader.num_workers=0',
            'test_cfg.train_dataloader.persistent_workers=False']


def run(args):
    print('$ python ' + ' '.join(args), flush=True)
    start = time.time()
    proc = subprocess.run([sys.executable] + args, cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f'step failed ({proc.returncode})')
    took = time.time() - start
    print(f'  done in {took:.0f} s', flush=True)
    return proc.stdout + proc.stderr, took


def top1(log):
    values = re.findall(r'knn/top1: ([0-9.]+)|acc/top1: ([0-9.]+)', log)
    if not values:
        raise SystemExit('no top-1 in the output')
    return float([v for v in values[-1] if v][0])


def last_checkpoint(work_dir):
    with open(osp.join(ROOT, work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def random_checkpoint(config, path, seed=0):
    """A randomly initialised model of ``config`` (seeded), saved as a
    plain mmengine-style checkpoint."""
    import torch
    from mmengine.config import Config

    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    torch.manual_seed(seed)
    model = MODELS.build(Config.fromfile(osp.join(ROOT, config)).model)
    model.init_weights()
    os.makedirs(osp.dirname(path), exist_ok=True)
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(kind='pretrain', seed=seed)),
               path)
    return path


def small_options(epochs):
    """--small: one camera (a third of the clips: 200 train / 200 test),
    batch 32, no loader workers, NNM for the second half."""
    train = ['train_dataloader.batch_size=32',
             'train_dataloader.num_workers=0',
             'train_dataloader.persistent_workers=False',
             'train_dataloader.dataset.num_cameras=1',
             f'model.mining_epoch={epochs // 2}']
    knn = ['test_dataloader.dataset.num_cameras=1',
           'test_cfg.train_dataloader.dataset.num_cameras=1']
    return train, knn


def pretrain_and_knn(config, work_dir, epochs, skip_train, small):
    wd = osp.join(work_dir, osp.basename(osp.dirname(config)))
    train_opts, knn_opts = small_options(epochs) if small else ([], [])
    took = None
    if not skip_train:
        _, took = run(['tools/train.py', config, '--work-dir', wd,
                       '--overwrite', '--cfg-options',
                       f'train_cfg.max_epochs={epochs}'] + train_opts)
    ckpt = last_checkpoint(wd)
    log, _ = run(['tools/test.py', config, ckpt, '--protocol', 'knn',
                  '--work-dir', osp.join(wd, 'knn')] + KNN_OPTS + knn_opts)
    return top1(log), took


# -- throughput ------------------------------------------------------------
def build(kind, hidden_dim, queue_size):
    from skelact.registry import MODELS
    common = dict(
        backbone=dict(type='STGCN', hidden_channels=16,
                      hidden_dim=hidden_dim, dropout=0.5),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=hidden_dim,
                       hidden_channels=hidden_dim),
        queue_size=queue_size)
    if kind == 'HiCLR':
        return MODELS.build(dict(type='HiCLR', branches=[
            'basic', 'normal', 'normal+mask'], **common)).train(), 4
    return MODELS.build(dict(type='AimCLR', **common)).train(), 3


def step_rate(model, n_views, batch, frames, iters):
    import torch
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad],
                          lr=0.1, momentum=0.9)
    views = [torch.randn(batch, 2, frames, 25, 3) for _ in range(n_views)]

    def step():
        model.momentum_update()
        loss = sum(model.loss(views).values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.enqueue_pending()

    step()
    start = time.perf_counter()
    for _ in range(iters):
        step()
    return batch * iters / (time.perf_counter() - start)


def throughput(batch, frames, hidden_dim, rounds, iters):
    import skelact.models  # noqa: F401
    models = {k: build(k, hidden_dim, batch * 16) for k in ('HiCLR',
                                                           'AimCLR')}
    rates = {k: [] for k in models}
    for _ in range(rounds):
        for k, (model, n) in models.items():
            rates[k].append(step_rate(model, n, batch, frames, iters))
    med = {k: statistics.median(v) for k, v in rates.items()}
    return med, rates


def cpu_name():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or 'unknown CPU'


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--work-dir', default='work_dirs/bench_hiclr')
    p.add_argument('--epochs', type=int, default=12)
    p.add_argument('--skip-train', action='store_true',
                   help='reuse the pretraining runs of --work-dir')
    p.add_argument('--throughput-only', action='store_true')
    p.add_argument('--with-aimclr', action='store_true')
    p.add_argument('--small', action='store_true',
                   help='a third of the clips (one camera), batch 32: for a '
                   'loaded CPU')
    p.add_argument('--knn-only', action='store_true',
                   help='no throughput measurement')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--frames', type=int, default=50)
    p.add_argument('--hidden-dim', type=int, default=256)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--iters', type=int, default=2)
    args = p.parse_args()
    sys.path.insert(0, ROOT)
    rows = []
    if not args.throughput_only:
        hi, hi_took = pretrain_and_knn(HICLR, args.work_dir, args.epochs,
                                       args.skip_train, args.small)
        rnd = random_checkpoint(HICLR, osp.join(ROOT, args.work_dir,
                                                'random', 'random.pth'))
        log, _ = run(['tools/test.py', HICLR, rnd, '--protocol', 'knn',
                      '--work-dir', osp.join(args.work_dir, 'random', 'knn')]
                     + KNN_OPTS + (small_options(args.epochs)[1]
                                   if args.small else []))
        rows.append(('HiCLR (k = 3) pretrained', hi, hi_took))
        rows.append(('random frozen encoder (same config)', top1(log), None))
        if args.with_aimclr:
            aim, aim_took = pretrain_and_knn(AIMCLR, args.work_dir,
                                             args.epochs, args.skip_train,
                                             args.small)
            rows.append(('AimCLR pretrained', aim, aim_took))
    import torch
    print(f'\n{cpu_name()}, {os.cpu_count()} logical CPUs, torch threads '
          f'{torch.get_num_threads()}, load average '
          f'{os.getloadavg()[0]:.1f}')
    if rows:
        print(f'synthetic xsub, {args.epochs} pretraining epochs, KNN test '
              'top-1 (cosine, k = 20):')
        for name, acc, took in rows:
            extra = f'   pretraining {took:.0f} s' if took else ''
            print(f'  {name:38s} {acc:.4f}{extra}')
        print(f'  gain of HiCLR over the random encoder: '
              f'{100 * (rows[0][1] - rows[1][1]):+.1f} points')
    if args.knn_only:
        return
    med, rates = throughput(args.batch, args.frames, args.hidden_dim,
                               args.rounds, args.iters)
    print(f'pretraining throughput, batch {args.batch}, (N, 2, '
          f'{args.frames}, 25, 3), hidden_dim {args.hidden_dim}, median of '
          f'{args.rounds} interleaved rounds x {args.iters} steps:')
    for k in med:
        runs = ', '.join(f'{r:.1f}' for r in rates[k])
        print(f'  {k:7s} {med[k]:7.1f} samples/s   ({runs})')
    print(f'  HiCLR / AimCLR = {med["HiCLR"] / med["AimCLR"]:.2f}')


if __name__ == '__main__':
    main()
