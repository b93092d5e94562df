"""3s-CrosSCLR on the built-in synthetic set: does pretraining beat a
random frozen encoder under KNN, and what does a CrosSCLR step cost next to
an AimCLR step?

1. pretrain CrosSCLR with configs/crossclr/stgcn_synthetic_xsub_3view.py
   (tools/train.py, the shipped config: 12 epochs, cross-view mining from
   the 7th, the authors' momentum behaviour);
2. KNN (tools/test.py --protocol knn: cosine, k = 20, on the three
   streams' pooled features side by side) of its last checkpoint and of a
   randomly initialised CrosSCLR of the same config (seeded);
3. pretraining throughput (samples/s) of CrosSCLR (stage 1 and stage 2),
   3s-AimCLR§ and AimCLR in this process, interleaved (A B C ...) so a
   shared machine's load hits all alike: one step = every view through the
   encoders, the losses, backward, SGD, momentum update, enqueue.

    python benchmarks/crossclr_synthetic.py [--work-dir work_dirs/bench_crossclr]
        [--epochs 12] [--skip-train] [--throughput-only] [--batch 32]
        [--frames 50] [--hidden-dim 256] [--rounds 3] [--iters 2]

``--small`` pretrains a smaller variant written into --work-dir (on top
of the shipped config: 8 subjects x 1 clip per class and camera, 16
frames, hidden channels 8, last block 32, batch 16, queue 128, stage 2 from
the middle epoch) for a loaded 2-core machine. Prints a table.
"""
import argparse
import os
import os.path as osp
import statistics
import sys

from hiclr_synthetic_knn import (KNN_OPTS, ROOT, cpu_name, last_checkpoint,
                                 random_checkpoint, run, step_rate, top1)

CROSSCLR = 'configs/crossclr/stgcn_synthetic_xsub_3view.py'


SMALL = """_base_ = '{base}'
data_args = dict(num_classes=10, seed=0, num_subjects=8,
                 samples_per_class_subject_camera=1)
train_dataset = dict(data_args, type='SyntheticDataset', split='xsub_train')
val_dataset = dict(data_args, type='SyntheticDataset', split='xsub_val')
preprocess = [dict(type='AimCLRNormalize', length=16, rotation='first',
                   rotate_before_resize=True, length_rule='last')]
model = dict(backbone=dict(backbone=dict(hidden_channels=8, hidden_dim=32)),
             projector=dict(in_channels=32, hidden_channels=32,
                            out_channels=32),
             feature_dim=32, queue_size=128, cross_epoch={cross})
train_dataloader = dict(batch_size=16, dataset=dict(
    _delete_=True, **train_dataset,
    pipeline=preprocess + _base_.train_pipeline))
param_scheduler = [dict(type='MultiStepLR', by_epoch=True,
                        milestones=[{epochs}], gamma=0.1)]
"""


def small_config(work_dir, epochs):
    path = osp.join(ROOT, work_dir, 'crossclr_small.py')
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(SMALL.format(base=osp.join(ROOT, CROSSCLR),
                             cross=epochs // 2, epochs=epochs))
    return path


def pretrain_and_knn(config, work_dir, epochs, skip_train):
    wd = osp.join(work_dir, 'crossclr')
    took = None
    if not skip_train:
        _, took = run(['tools/train.py', config, '--work-dir', wd,
                       '--overwrite', '--cfg-options',
                       f'train_cfg.max_epochs={epochs}'])
    log, _ = run(['tools/test.py', config, last_checkpoint(wd),
                  '--protocol', 'knn', '--work-dir', osp.join(wd, 'knn')] +
                 KNN_OPTS)
    return top1(log), took


def build(kind, hidden_dim, queue_size):
    from skelact.registry import MODELS
    stgcn = dict(type='STGCN', hidden_channels=16, hidden_dim=hidden_dim,
                 dropout=0.5)
    common = dict(neck=dict(type='GlobalAveragePooling'),
                  projector=dict(type='MLPProjector', in_channels=hidden_dim,
                                 hidden_channels=hidden_dim),
                  queue_size=queue_size)
    if kind == 'AimCLR':
        return MODELS.build(dict(type='AimCLR', backbone=stgcn,
                                 **common)).train(), 3
    multi = dict(type='MultiStreamBackbone', backbone=stgcn)
    if kind == '3s-AimCLR§':
        return MODELS.build(dict(type='CrossStreamAimCLR', backbone=multi,
                                 momentum_mode='all', **common)).train(), 3
    model = MODELS.build(dict(type='CrosSCLR', backbone=multi, **common))
    model.set_cross(kind.endswith('stage 2'))
    return model.train(), 2


def throughput(batch, frames, hidden_dim, rounds, iters):
    import torch

    import skelact.models  # noqa: F401
    kinds = ('CrosSCLR stage 1', 'CrosSCLR stage 2', '3s-AimCLR§', 'AimCLR')
    models = {k: build(k, hidden_dim, batch * 16) for k in kinds}
    rates = {k: [] for k in models}
    for _ in range(rounds):
        for k, (model, n) in models.items():
            rates[k].append(step_rate(model, n, batch, frames, iters))
    med = {k: statistics.median(v) for k, v in rates.items()}
    return med, rates, torch.get_num_threads()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--work-dir', default='work_dirs/bench_crossclr')
    p.add_argument('--epochs', type=int, default=12)
    p.add_argument('--skip-train', action='store_true',
                   help='reuse the pretraining run of --work-dir')
    p.add_argument('--throughput-only', action='store_true')
    p.add_argument('--small', action='store_true',
                   help='pretrain the smaller variant (see above)')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--frames', type=int, default=50)
    p.add_argument('--hidden-dim', type=int, default=256)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--iters', type=int, default=2)
    args = p.parse_args()
    sys.path.insert(0, ROOT)
    rows = []
    if not args.throughput_only:
        config = small_config(args.work_dir, args.epochs) if args.small \
            else CROSSCLR
        acc, took = pretrain_and_knn(config, args.work_dir, args.epochs,
                                     args.skip_train)
        rnd = random_checkpoint(config, osp.join(ROOT, args.work_dir,
                                                 'random', 'random.pth'))
        log, _ = run(['tools/test.py', config, rnd, '--protocol', 'knn',
                      '--work-dir', osp.join(args.work_dir, 'random', 'knn')]
                     + KNN_OPTS)
        rows = [('3s-CrosSCLR pretrained', acc, took),
                ('random frozen encoder (same config)', top1(log), None)]
    med, rates, threads = throughput(args.batch, args.frames,
                                     args.hidden_dim, args.rounds, args.iters)
    print(f'\n{cpu_name()}, {os.cpu_count()} logical CPUs, torch threads '
          f'{threads}, load average {os.getloadavg()[0]:.1f}')
    if rows:
        print(f'synthetic xsub{" (--small)" if args.small else ""}, '
              f'{args.epochs} pretraining epochs, KNN test '
              'top-1 (cosine, k = 20):')
        for name, acc, took in rows:
            extra = f'   pretraining {took:.0f} s' if took else ''
            print(f'  {name:38s} {acc:.4f}{extra}')
        print(f'  gain of CrosSCLR over the random encoder: '
              f'{100 * (rows[0][1] - rows[1][1]):+.1f} points')
    print(f'pretraining throughput, batch {args.batch}, (N, 2, '
          f'{args.frames}, 25, 3), hidden_dim {args.hidden_dim}, median of '
          f'{args.rounds} interleaved rounds x {args.iters} steps:')
    for k in med:
        runs = ', '.join(f'{r:.1f}' for r in rates[k])
        print(f'  {k:17s} {med[k]:7.1f} samples/s   ({runs})')
    for k in med:
        if k != 'AimCLR':
            print(f'  {k} / AimCLR = {med[k] / med["AimCLR"]:.2f}')


if __name__ == '__main__':
    main()
