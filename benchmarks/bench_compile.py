"""torch.compile on the ST-GCN backbone (what ``--compile`` does): forward +
backward samples/s eager against compiled, and the compile time, in one
run.

    python benchmarks/bench_compile.py [--batch 8] [--iters 3] [--mode M]
"""
import argparse
import time

import torch

from skelact.models.backbones.stgcn import STGCN


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--iters', type=int, default=3)
    p.add_argument('--mode', default=None)
    args = p.parse_args()
    x = torch.randn(args.batch, 2, 50, 25, 3)
    eager = STGCN(hidden_channels=16, hidden_dim=256, dropout=0.5).train()
    compiled = STGCN(hidden_channels=16, hidden_dim=256, dropout=0.5).train()
    compiled.load_state_dict(eager.state_dict())
    start = time.perf_counter()
    compiled.compile(**({'mode': args.mode} if args.mode else {}))
    compiled(x).mean().backward()  # compiles here
    compile_s = time.perf_counter() - start

    def best(model):
        model(x).mean().backward()
        out = []
        for _ in range(args.iters):
            s = time.perf_counter()
            model(x).mean().backward()
            out.append(time.perf_counter() - s)
        return args.batch / min(out)

    e, c = best(eager), best(compiled)
    print(f'ST-GCN 16/256, batch {args.batch}, 50 frames, threads '
          f'{torch.get_num_threads()}: eager {e:.2f} samples/s, compiled '
          f'{c:.2f} samples/s ({c / e:.2f}x), first compiled step '
          f'{compile_s:.0f} s')


if __name__ == '__main__':
    main()
