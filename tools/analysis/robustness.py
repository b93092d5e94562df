"""Accuracy of trained models under keypoint noise (seed 002, Fig. 2).

    python tools/analysis/robustness.py CONFIG CKPT [CONFIG CKPT ...] \
        [--alphas 0 0.001 0.005 0.01 0.015 0.02 0.03 0.05 0.1] [--seed 0] \
        [--labels NAME ...] [--out-dir DIR] [--split val|test] \
        [--size longer_side] [--total-difference body_motion] \
        [--td-range LOW HIGH] [--noise-after TYPE ...] \
        [--num-workers N] [--batch-size N]

Evaluates every checkpoint on its config's validation set (``--split
test``: the test loader, e.g. 10 clips x flip) with MotionScaledNoise
(std = alpha * S * total_difference) at every alpha, seeded: every model
sees the same noise. Prints a table of top-1 (%), writes
``robustness.csv`` (one row per model and alpha) and ``robustness.png``
(accuracy against alpha, one line per model; needs matplotlib: ``pip
install 'skelact[vis]'``) to ``--out-dir`` (default
``work_dirs/robustness``). Where the noise goes in each pipeline:
skelact/evaluation/robustness.py.
"""
import argparse
import os.path as osp
import sys

from skelact.cli.errors import user_errors

SEED_ALPHAS = [0, 0.001, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1]


def parse_args(argv=None):
    from skelact.evaluation.robustness import NOISE_AFTER
    p = argparse.ArgumentParser(
        description='accuracy under keypoint noise, one curve per model')
    p.add_argument('pairs', nargs='+', metavar='CONFIG CKPT',
                   help='config and checkpoint of each model')
    p.add_argument('--alphas', type=float, nargs='+', default=SEED_ALPHAS,
                   help='noise levels (default: the seed\'s nine)')
    p.add_argument('--seed', type=int, default=0,
                   help='noise seed (the same noise for every model)')
    p.add_argument('--labels', nargs='+',
                   help='one name per model (default: the config names)')
    p.add_argument('--out-dir', default='work_dirs/robustness')
    p.add_argument('--split', choices=['val', 'test'], default='val')
    p.add_argument('--size', default='longer_side',
                   help="S: 'longer_side', 'diagonal' or a number")
    p.add_argument('--total-difference', default='body_motion',
                   help="'body_motion', 'displacement' (with --td-range) "
                   "or 'constant'")
    p.add_argument('--td-range', type=float, nargs=2,
                   metavar=('LOW', 'HIGH'))
    p.add_argument('--noise-after', nargs='*', default=list(NOISE_AFTER),
                   help='leading pipeline steps the noise goes after')
    p.add_argument('--num-workers', type=int,
                   help="override the loaders' num_workers")
    p.add_argument('--batch-size', type=int)
    args = p.parse_args(argv)
    if len(args.pairs) % 2:
        p.error('give CONFIG CKPT pairs (an even number of paths), got '
                f'{len(args.pairs)}')
    n = len(args.pairs) // 2
    if args.labels is not None and len(args.labels) != n:
        p.error(f'--labels: {n} models but {len(args.labels)} labels')
    return args


def _size(value: str):
    try:
        return float(value)
    except ValueError:
        return value


def load_model(config: str, checkpoint: str):
    """The config (resolved as tools/test.py does) and its model with the
    checkpoint loaded strictly, in eval mode."""
    from mmengine.registry import DefaultScope

    import skelact.datasets  # noqa: F401
    import skelact.models  # noqa: F401
    from skelact.apis.strict_load import plan_model_load
    from skelact.cli import prepare_runtime, resolve_config
    from skelact.registry import MODELS
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint!r} does not exist')
    cfg = prepare_runtime(resolve_config(config, need_checkpoint=False).cfg,
                          config)
    plan = plan_model_load(cfg, checkpoint)
    with DefaultScope.overwrite_default_scope('skelact'):
        model = MODELS.build(cfg.model)
    model.load_state_dict(plan.state, strict=False)
    return cfg, model.eval()


def main(argv=None):
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner
    from tqdm import tqdm

    from skelact.evaluation.robustness import (
        accuracy, check_alphas, format_table, noisy_dataloader_cfg,
        plot_curves, seed_all, write_csv)
    args = parse_args(argv)
    alphas = check_alphas(args.alphas)
    noise = dict(type='MotionScaledNoise', size=_size(args.size),
                 total_difference=args.total_difference, seed=args.seed)
    if args.td_range is not None:
        noise['td_range'] = tuple(args.td_range)
    from skelact.datasets.transforms import MotionScaledNoise
    MotionScaledNoise(0., **{k: v for k, v in noise.items()
                             if k != 'type'})  # bad settings stop here
    pairs = list(zip(args.pairs[::2], args.pairs[1::2]))
    labels = args.labels or [osp.splitext(osp.basename(c))[0]
                             for c, _ in pairs]
    if len(set(labels)) != len(labels):
        labels = [f'{i + 1}: {name}' for i, name in enumerate(labels)]
    rows = []
    for label, (config, ckpt) in zip(labels, pairs):
        cfg, model = load_model(config, ckpt)
        key = f'{args.split}_dataloader'
        if cfg.get(key) is None:
            raise KeyError(f'{config}: {key}: the config has no {args.split}'
                           ' loader')
        loaders = []
        with DefaultScope.overwrite_default_scope('skelact'):
            for alpha in alphas:
                dl = noisy_dataloader_cfg(
                    cfg[key], dict(noise, alpha=alpha), args.noise_after,
                    args.num_workers, args.batch_size)
                loaders.append(Runner.build_dataloader(dl, seed=args.seed))
        bar = tqdm(total=sum(len(dl) for dl in loaders), desc=label,
                   unit='batch', file=sys.stderr, dynamic_ncols=True)
        for alpha, loader in zip(alphas, loaders):
            seed_all(args.seed)
            bar.set_postfix(alpha=alpha)
            res = accuracy(model, loader, progress=lambda: bar.update(1))
            rows.append(dict(model=label, config=config, checkpoint=ckpt,
                             alpha=alpha, **res))
        bar.close()
    print(format_table(rows, alphas))
    csv_path = osp.join(args.out_dir, 'robustness.csv')
    png_path = osp.join(args.out_dir, 'robustness.png')
    write_csv(csv_path, rows)
    print(f'wrote {csv_path}')
    if plot_curves(png_path, rows, alphas):
        print(f'wrote {png_path}')
    else:
        print("matplotlib is not installed: no plot (pip install "
              "'skelact[vis]')", file=sys.stderr)
    return rows


if __name__ == '__main__':
    with user_errors():
        main()
