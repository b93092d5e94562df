"""Train a model from a config, or an evaluation protocol derived from a
pretraining config.

    python tools/train.py CONFIG [--protocol NAME [--checkpoint CKPT|none]]
                                 [--work-dir DIR] [--resume [CKPT] | --overwrite]
                                 [--amp [--amp-force] [--amp-dtype D]]
                                 [--compile [MODE]]
                                 [--cfg-options KEY=VALUE ...]
                                 [--launcher none|pytorch|slurm]

With ``--protocol`` (linear, finetune, semi1, semi10, actionhead), the
encoder of the pretraining CONFIG is evaluated; it starts from CKPT, by
default the latest checkpoint of the pretraining run's work dir, and the
run writes to ``<pretraining work dir>/<protocol>/``.
"""
import argparse
import os

from mmengine.runner import Runner

from skelact.apis.checkpoint_guard import check_checkpoint
from skelact.apis.strict_load import check_train_weights
from skelact.cli import DictAction, prepare_runtime, resolve_config
from skelact.cli.distributed import setup_distributed
from skelact.cli.errors import user_errors
from skelact.cli.precision import (add_precision_args, compile_backbones,
                                   configure_precision, log_precision)
from skelact.cli.run_guard import prepare_run, resume_hint_on_interrupt
from skelact.datasets.sample_seed import seed_every_sample
from skelact.engine.hooks.non_finite import add_non_finite_guard
from skelact.engine.hooks.required import add_required_hooks


def parse_args():
    p = argparse.ArgumentParser(description='Train a skelact model')
    p.add_argument('config', help='config file')
    p.add_argument('--protocol',
                   help='evaluation protocol to derive from a pretraining '
                   'config (configs/_base_/protocols/)')
    p.add_argument('--checkpoint',
                   help="pretraining checkpoint for --protocol ('none': a "
                   'randomly initialised encoder); default: the latest of '
                   'the pretraining run')
    p.add_argument('--work-dir', help='where logs and checkpoints go')
    p.add_argument('--resume', nargs='?', type=str, const='auto',
                   help='resume from CKPT, or (no value) from the latest '
                   'complete checkpoint in the work dir')
    p.add_argument('--overwrite', action='store_true',
                   help='start again in a work dir that holds a run: its '
                   'checkpoints are deleted first (logs and sub-folders '
                   'stay)')
    p.add_argument('--allow-partial', action='store_true',
                   help="load a pretrained encoder (or load_from) whose "
                   "keys or shapes do not all match (matching tensors only)")
    add_precision_args(p)  # --amp, --amp-force, --amp-dtype, --compile
    p.add_argument('--vis', nargs='+', default=[], metavar='BACKEND',
                   help="visualisation backends besides the local scalar "
                   "log: 'tensorboard' (skelact/cli/vis.py)")
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
    resolved = resolve_config(args.config, args.protocol, args.checkpoint,
                              args.cfg_options, work_dir=args.work_dir)
    cfg = prepare_runtime(resolved.cfg, args.config)
    if args.vis:
        from skelact.cli.vis import set_vis_backends
        set_vis_backends(cfg, args.vis)  # --vis tensorboard
    if resolved.protocol and cfg.get('train_cfg') is None:
        raise SystemExit(
            f'skelact: error: protocol {resolved.protocol!r} does not train; '
            f'run python tools/test.py {args.config} CKPT --protocol '
            f'{resolved.protocol}')
    if resolved.checkpoint:
        check_checkpoint(cfg, resolved.checkpoint, resolved.protocol)
    check_train_weights(cfg, resolved.checkpoint, args.allow_partial,
                        resume=args.resume is not None)
    setup_distributed(cfg, args.launcher)  # gloo on CPU, NCCL on GPU
    # RNG states travel with every checkpoint, so that resume is exact
    hooks = list(cfg.get('custom_hooks', []))
    if not any(h.get('type') == 'RNGStateHook' for h in hooks):
        cfg.custom_hooks = hooks + [dict(type='RNGStateHook')]
    seed_every_sample(cfg)  # augmentations: f(seed, epoch, rank, position)
    add_non_finite_guard(cfg)  # a NaN/inf loss stops before the update
    # --amp: bf16 only on CPUs with native bf16 (or --amp-force)
    precision = configure_precision(cfg, args.amp, args.amp_force,
                                    args.amp_dtype)
    # --resume: newest complete checkpoint; a used work dir is refused
    prepare_run(cfg, args.resume, args.overwrite)
    with resume_hint_on_interrupt(cfg.work_dir):  # Ctrl-C: how to continue
        runner = Runner.from_cfg(cfg)
        add_required_hooks(runner)  # momentum update, memory bank, stages
        log_precision(runner, precision)
        compile_backbones(runner.model, args.compile, runner.logger)
        runner.train()


if __name__ == '__main__':
    with user_errors():
        main()
