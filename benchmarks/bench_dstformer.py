"""DSTformer forward + backward throughput on CPU: SDPA against explicit
attention, same model and weights, in the same run.

    python benchmarks/bench_dstformer.py                  # both sizes
    python benchmarks/bench_dstformer.py --sizes small --frames 81

Throughput is in sequences (samples x persons) per second of one training
step (forward, mean-square loss, backward; no optimizer step). The two
implementations are timed in alternating rounds and the median round is
reported, so background load hits both alike.
"""
import argparse
import statistics
import time

import torch

from skelact.models.backbones.dstformer import DSTformer

SIZES = {
    # name: (model kwargs, default batch N)
    'small': (dict(dim_feat=64, dim_rep=64, depth=2, num_heads=4,
                   mlp_ratio=2), 16),
    'motionbert': (dict(dim_feat=512, dim_rep=512, depth=5, num_heads=8,
                        mlp_ratio=2), 2),
    'motionbert-lite': (dict(dim_feat=256, dim_rep=512, depth=5,
                             num_heads=8, mlp_ratio=4), 2),
}


def step(model, x, dtype):
    with torch.autocast('cpu', dtype=torch.bfloat16,
                        enabled=dtype == 'bf16'):
        out = model(x)
    out.float().square().mean().backward()
    model.zero_grad(set_to_none=True)


def bench(name, frames, batch, persons, rounds, iters, dtype):
    kwargs, default_batch = SIZES[name]
    batch = batch or default_batch
    torch.manual_seed(0)
    model = DSTformer(dim_in=3, dim_out=3, num_joints=17, maxlen=243,
                      **kwargs).train()
    params = sum(p.numel() for p in model.parameters())
    x = torch.randn(batch, persons, frames, 17, 3)
    times = {'sdpa': [], 'explicit': []}
    for impl in times:  # warm-up
        model.set_attn_impl(impl)
        step(model, x, dtype)
    for _ in range(rounds):
        for impl in times:
            model.set_attn_impl(impl)
            t0 = time.perf_counter()
            for _ in range(iters):
                step(model, x, dtype)
            times[impl].append((time.perf_counter() - t0) / iters)
    seqs = batch * persons
    rate = {k: seqs / statistics.median(v) for k, v in times.items()}
    print(f'{name:16s} params={params:>10,d} N={batch} M={persons} '
          f'T={frames} V=17 {dtype}: sdpa {rate["sdpa"]:8.2f} seq/s, '
          f'explicit {rate["explicit"]:8.2f} seq/s, '
          f'sdpa/explicit = {rate["sdpa"] / rate["explicit"]:.2f}x')
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', nargs='+', default=['small', 'motionbert'],
                        choices=sorted(SIZES))
    parser.add_argument('--frames', type=int, nargs='+', default=[27, 81])
    parser.add_argument('--batch', type=int, default=None,
                        help='override the per-size default batch')
    parser.add_argument('--persons', type=int, default=1)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--iters', type=int, default=2)
    parser.add_argument('--dtype', choices=['fp32', 'bf16'], default='fp32')
    parser.add_argument('--threads', type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads')
    for name in args.sizes:
        for frames in args.frames:
            bench(name, frames, args.batch, args.persons, args.rounds,
                  args.iters, args.dtype)


if __name__ == '__main__':
    main()
