"""Evaluate a checkpoint.

    python tools/test.py CONFIG CHECKPOINT [--dump FILE.npz] [--work-dir DIR]
                         [--cfg-options ...] [--launcher ...]

CHECKPOINT may be a skelact checkpoint or, when the config sets
``convert_checkpoint = dict(source=...)`` (or ``--convert``), a third-party
file converted on the fly (see tools/convert/convert_ckpt.py).
"""
import argparse
import os
import os.path as osp
import tempfile

from mmengine.runner import Runner

from skelact.apis.config import DictAction, load_config, prepare_runtime
from skelact.apis.errors import user_errors


def parse_args():
    p = argparse.ArgumentParser(description='Test a skelact model')
    p.add_argument('config', help='config file')
    p.add_argument('checkpoint', help='checkpoint file')
    p.add_argument('--work-dir', help='where logs and per-class results go')
    p.add_argument('--dump', help='write the scores to this .npz file')
    p.add_argument('--convert', metavar='SOURCE', nargs='?', const='auto',
                   help='convert a third-party checkpoint on the fly '
                   '(optionally naming its source)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys')
    p.add_argument('--launcher', default='none',
                   choices=['none', 'pytorch', 'slurm'])
    p.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = p.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def _as_list(evaluator):
    if isinstance(evaluator, dict) and 'metrics' in evaluator:
        return evaluator['metrics']
    return evaluator if isinstance(evaluator, list) else [evaluator]


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    cfg = prepare_runtime(cfg, args.config, args.work_dir)
    cfg.launcher = args.launcher
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint {args.checkpoint!r} does not '
                                'exist')
    metrics = list(_as_list(cfg.test_evaluator))
    for m in metrics:
        if m.get('type') == 'AccMetric':
            m.setdefault('out_dir', cfg.work_dir)
    if args.dump:
        metrics.append(dict(type='DumpScores', out_file=args.dump))
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
    cfg.load_from = checkpoint
    runner = Runner.from_cfg(cfg)
    runner.test()


if __name__ == '__main__':
    with user_errors():
        main()
