"""Train a model from a config.

    python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]] [--amp]
                                 [--cfg-options KEY=VALUE ...]
                                 [--launcher none|pytorch|slurm]
"""
import argparse
import os

import torch
from mmengine.runner import Runner

from skelact.apis.config import DictAction, load_config, prepare_runtime
from skelact.apis.errors import user_errors


def parse_args():
    p = argparse.ArgumentParser(description='Train a skelact model')
    p.add_argument('config', help='config file')
    p.add_argument('--work-dir', help='where logs and checkpoints go')
    p.add_argument('--resume', nargs='?', type=str, const='auto',
                   help='resume from CKPT, or (no value) from the latest '
                   'checkpoint in the work dir')
    p.add_argument('--amp', action='store_true',
                   help='mixed precision: fp16 on GPU, bf16 on CPU')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys, e.g. train_cfg.max_epochs=5')
    p.add_argument('--launcher', default='none',
                   choices=['none', 'pytorch', 'slurm'])
    p.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = p.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    cfg = prepare_runtime(cfg, args.config, args.work_dir)
    cfg.launcher = args.launcher
    # RNG states travel with every checkpoint, so that resume is exact
    hooks = list(cfg.get('custom_hooks', []))
    if not any(h.get('type') == 'RNGStateHook' for h in hooks):
        cfg.custom_hooks = hooks + [dict(type='RNGStateHook')]
    if args.amp:
        wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if wrapper != 'OptimWrapper':
            raise ValueError(f'--amp: the config already uses {wrapper}')
        if torch.cuda.is_available():
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
        else:
            cfg.optim_wrapper.type = 'CPUAutocastOptimWrapper'
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        cfg.resume, cfg.load_from = True, args.resume
    runner = Runner.from_cfg(cfg)
    runner.train()


if __name__ == '__main__':
    with user_errors():
        main()
