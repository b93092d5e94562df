"""ST-GCN forward + backward throughput, skelact's dropout against
``torch.nn.Dropout`` in the same run (the only difference between the two
models).

    python benchmarks/bench_stgcn.py [--batch 32] [--frames 50] [--iters 5]
        [--hidden-channels 16] [--hidden-dim 256]
"""
import argparse
import time

import torch
import torch.nn as nn

from skelact.models.backbones.stgcn import STGCN


def step_time(model, x, iters):
    model(x).mean().backward()  # warm-up
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        model(x).mean().backward()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--frames', type=int, default=50)
    p.add_argument('--iters', type=int, default=5)
    p.add_argument('--hidden-channels', type=int, default=16)
    p.add_argument('--hidden-dim', type=int, default=256)
    args = p.parse_args()
    ours = STGCN(hidden_channels=args.hidden_channels,
                 hidden_dim=args.hidden_dim, dropout=0.5).train()
    ref = STGCN(hidden_channels=args.hidden_channels,
                hidden_dim=args.hidden_dim, dropout=0.5).train()
    ref.load_state_dict(ours.state_dict())
    for block in ref.blocks:
        block.tcn[4] = nn.Dropout(block.tcn[4].p, inplace=True)
    x = torch.randn(args.batch, 2, args.frames, 25, 3)
    # alternate to share the machine's drift
    t_ours, t_ref = [], []
    for _ in range(2):
        t_ref.append(step_time(ref, x, args.iters))
        t_ours.append(step_time(ours, x, args.iters))
    r, o = min(t_ref), min(t_ours)
    print(f'batch {args.batch}, frames {args.frames}, width '
          f'{args.hidden_channels}/{args.hidden_dim}, threads '
          f'{torch.get_num_threads()}')
    print(f'nn.Dropout      {args.batch / r:7.1f} samples/s')
    print(f'skelact Dropout {args.batch / o:7.1f} samples/s  '
          f'({r / o:.2f}x)')


if __name__ == '__main__':
    main()
