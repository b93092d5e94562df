"""Evaluate a checkpoint.

    python tools/test.py CONFIG CHECKPOINT [--protocol NAME] [--convert [SRC]]
                         [--dump FILE.npz [--dump-logits]] [--work-dir DIR] [--compile [MODE]]
                         [--cfg-options ...] [--launcher ...]

With ``--protocol``, CONFIG is a pretraining config and CHECKPOINT the
checkpoint of that protocol's run (``knn``: the pretraining checkpoint
itself). CHECKPOINT may be a third-party file converted on the fly
(``--convert``, or ``convert_checkpoint = dict(source=...)`` in the config;
see tools/convert/convert_ckpt.py). A checkpoint trained on another stream
or backbone than the config's stops with one message naming both.
"""
import argparse
import os
import os.path as osp
import tempfile

from mmengine.runner import Runner

from skelact.apis.checkpoint_guard import check_checkpoint
from skelact.apis.strict_load import load_planned, plan_model_load
from skelact.cli import DictAction, prepare_runtime, resolve_config
from skelact.cli.distributed import setup_distributed
from skelact.cli.errors import user_errors
from skelact.cli.precision import add_precision_args, compile_backbones
from skelact.datasets.sample_seed import seed_every_sample


def parse_args():
    p = argparse.ArgumentParser(description='Test a skelact model')
    p.add_argument('config', help='config file')
    p.add_argument('checkpoint', help='checkpoint file')
    p.add_argument('--protocol',
                   help='evaluation protocol derived from a pretraining '
                   'config (configs/_base_/protocols/)')
    p.add_argument('--work-dir', help='where logs and per-class results go')
    p.add_argument('--dump', help='write the scores to this .npz file')
    p.add_argument('--dump-logits', action='store_true',
                   help='with --dump, also write the raw logits (AimCLR '
                   'fuses logits: fuse_scores.py --on logits)')
    p.add_argument('--convert', metavar='SOURCE', nargs='?', const='auto',
                   help='convert a third-party checkpoint on the fly '
                   '(optionally naming its source)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys')
    p.add_argument('--allow-partial', action='store_true',
                   help='load a checkpoint whose keys or shapes do not all '
                   'match the model (only the matching tensors)')
    add_precision_args(p, train=False)  # --compile
    p.add_argument('--launcher', default='none',
                   choices=['none', 'pytorch', 'slurm'])
    p.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = p.parse_args()
    if args.dump_logits and not args.dump:
        p.error('--dump-logits needs --dump FILE.npz')
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def _as_list(evaluator):
    if isinstance(evaluator, dict) and 'metrics' in evaluator:
        return evaluator['metrics']
    return evaluator if isinstance(evaluator, list) else [evaluator]


def main():
    args = parse_args()
    resolved = resolve_config(args.config, args.protocol,
                              cfg_options=args.cfg_options,
                              need_checkpoint=False, work_dir=args.work_dir)
    cfg = prepare_runtime(resolved.cfg, args.config)
    setup_distributed(cfg, args.launcher, evaluation=True)  # gloo / NCCL
    seed_every_sample(cfg)  # random test transforms: f(seed, position)
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint {args.checkpoint!r} does not '
                                'exist')
    metrics = list(_as_list(cfg.test_evaluator))
    for m in metrics:
        if m.get('type') == 'AccMetric':
            m.setdefault('out_dir', cfg.work_dir)
    if args.dump:
        metrics.append(dict(type='DumpScores', out_file=args.dump,
                            logits=args.dump_logits))
    cfg.test_evaluator = metrics

    checkpoint = args.checkpoint
    convert = cfg.get('convert_checkpoint')
    if args.convert:
        convert = dict(source=None if args.convert == 'auto'
                       else args.convert)
    if convert is not None:
        from skelact.utils.checkpoint import convert_file
        tmp = tempfile.mkdtemp(prefix='skelact_convert_')
        checkpoint = convert_file(args.checkpoint,
                                  osp.join(tmp, 'converted.pth'),
                                  source=convert.get('source'),
                                  stream=convert.get('stream'))
    needs_head = cfg.model.get('head') is not None
    check_checkpoint(cfg, checkpoint, resolved.protocol or None,
                     needs_head=needs_head)
    # strict: a checkpoint of another model stops here, before the Runner
    plan = plan_model_load(cfg, checkpoint, args.allow_partial)
    cfg.load_from = None  # loaded below, as checked
    runner = Runner.from_cfg(cfg)
    load_planned(runner, plan)
    compile_backbones(runner.model, args.compile, runner.logger)
    runner.test()
    from skelact.visualization.plots import write_confusion_png
    for m in metrics:  # the PNG next to the CSV AccMetric wrote
        if m.get('type') == 'AccMetric' and m.get('out_dir'):
            png = write_confusion_png(m['out_dir'])
            if png:
                print(f'confusion matrix: {png}', flush=True)


if __name__ == '__main__':
    with user_errors():
        main()
