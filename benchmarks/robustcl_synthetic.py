"""Noise-robust contrastive training (seed 002, C_Sk_1 recipe) against the
supervised baseline on the synthetic set, and their robustness curves.

    python benchmarks/robustcl_synthetic.py [--epochs 8] [--alpha 0.01]
        [--classes 7 --exclude 1 3 5] [--out work_dirs/bench_robustcl]

Both runs use configs/robustcl/slowonly_synthetic_xsub_skeleton_c_sk_1.py
(skeleton volumes, SlowOnly width 4, 8 frames); the baseline sets
sup_thresh beyond the last epoch, so it trains with cross-entropy on the
clean view only (the noisy view is never forwarded): supervised
PoseConv3D on skeletons. Then tools/analysis/robustness.py evaluates both
at the seed's nine alphas (plus 0.2 and 0.4: the synthetic poses are far
from the image borders) and writes the table, CSV and PNG to --out.
"""
import argparse
import os.path as osp
import runpy
import sys
import time

import torch
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIG = osp.join(ROOT, 'configs/robustcl/'
                  'slowonly_synthetic_xsub_skeleton_c_sk_1.py')


def _frames(node, clip_len):
    if isinstance(node, dict):
        if node.get('type') == 'UniformSampleFrames':
            node['clip_len'] = clip_len
        for v in node.values():
            _frames(v, clip_len)
    elif isinstance(node, list):
        for v in node:
            _frames(v, clip_len)


def config(args, work_dir, sup_thresh):
    cfg = Config.fromfile(CONFIG)
    cfg.model.backbone.update(base_channels=4)
    n = args.classes - len(args.exclude)
    cfg.model.head.update(num_classes=n, in_channels=64, dropout=0.0)
    cfg.model.sup_thresh = sup_thresh
    _frames(cfg.train_dataloader.dataset.pipeline, 8)
    _frames(cfg.val_dataloader.dataset.pipeline, 8)
    for name in ('train_dataloader', 'val_dataloader'):
        loader = cfg[name]
        loader.dataset.update(num_classes=args.classes,
                              exclude_classes=list(args.exclude))
        loader.update(num_workers=args.workers, batch_size=8,
                      persistent_workers=False)
    for key in ('test_dataloader', 'test_evaluator', 'test_cfg'):
        cfg.pop(key)
    cfg.train_dataloader.dataset.pipeline[-2].transforms[1][0].update(
        alpha=args.alpha)
    cfg.train_cfg.update(max_epochs=args.epochs, val_interval=args.epochs)
    cfg.optim_wrapper.optimizer.update(lr=0.1)
    cfg.param_scheduler[0].update(T_max=args.epochs)
    cfg.default_hooks.checkpoint.update(interval=args.epochs)
    cfg.update(work_dir=work_dir, randomness=dict(seed=0),
               log_level='WARNING', experiment_name=osp.basename(work_dir))
    return cfg


def train(cfg):
    from mmengine.runner import Runner
    from skelact.engine.hooks.required import add_required_hooks
    runner = Runner.from_cfg(cfg)
    add_required_hooks(runner)
    t0 = time.time()
    runner.train()
    metrics = runner.val()
    cfg.dump(osp.join(cfg.work_dir, 'config.py'))
    return osp.join(cfg.work_dir, f'epoch_{cfg.train_cfg.max_epochs}.pth'), \
        metrics['acc/top1'], time.time() - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--epochs', type=int, default=8)
    p.add_argument('--alpha', type=float, default=0.01)
    p.add_argument('--classes', type=int, default=7)
    p.add_argument('--exclude', type=int, nargs='*', default=[1, 3, 5])
    p.add_argument('--workers', type=int, default=0)
    p.add_argument('--out', default=osp.join(ROOT, 'work_dirs',
                                             'bench_robustcl'))
    args = p.parse_args()
    torch.set_num_threads(1)
    runs = {}
    for name, thresh in (('C_Sk (robust)', 0), ('S_Sk (supervised)',
                                                args.epochs + 1)):
        work = osp.join(args.out, 'robust' if thresh == 0 else 'supervised')
        ckpt, acc, secs = train(config(args, work, thresh))
        runs[name] = (osp.join(work, 'config.py'), ckpt)
        print(f'{name}: clean top-1 {acc:.3f}, {secs:.0f} s', flush=True)
    argv = [x for pair in runs.values() for x in pair]
    argv += ['--labels'] + list(runs) + ['--out-dir', args.out,
                                         '--num-workers', str(args.workers),
                                         '--alphas', '0', '0.001', '0.005',
                                         '0.01', '0.015', '0.02', '0.03',
                                         '0.05', '0.1', '0.2', '0.4']
    tool = osp.join(ROOT, 'tools', 'analysis', 'robustness.py')
    sys.argv = [tool] + argv
    runpy.run_path(tool, run_name='bench')['main'](argv)


if __name__ == '__main__':
    main()
