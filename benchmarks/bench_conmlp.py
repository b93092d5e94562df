"""ConMLP training throughput, fp32 against bf16 autocast (what
``tools/train.py --amp`` does on a CPU), and the 45,000 x 256 first layer
on its own.

    python benchmarks/bench_conmlp.py [--batch 512] [--iters 5]
        [--frames 300] [--threads N]

One training step is what ``InBatchContrastive`` does per iteration: the two
views of ``--batch`` samples (2 x batch rows) through ConMLP's encoder, the
linear projector, NT-Xent, backward, an SGD step. ``layer`` times the first
layer alone (``x @ W.T`` for 2 x batch rows, forward + backward), the
single large matrix product that dominates the model. Medians of
``--iters`` timed steps after one warm-up, fp32 and bf16 alternated twice
(the better of the two rounds), so that a shared machine's drift hits both.
bf16 pays only where the CPU has bf16 units (``avx512_bf16`` / ``amx_bf16``
in /proc/cpuinfo); the script prints which it finds.
"""
import argparse
import time

import torch

import skelact.models  # noqa: F401 (registers the models)
from skelact.registry import MODELS as REGISTRY


def cpu_bf16_flags():
    try:
        flags = open('/proc/cpuinfo').read().split()
    except OSError:
        return []
    return sorted({f for f in flags if f in ('avx512_bf16', 'amx_bf16')})


def build(frames):
    return REGISTRY.build(dict(
        type='InBatchContrastive',
        backbone=dict(type='ConMLP', num_frames=frames),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='LinearProjector'),
        loss=dict(type='NTXentLoss', temperature=0.07))).train()


def median_time(fn, iters):
    fn()  # warm-up
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def train_step(model, opt, views, bf16):
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            loss = model(views, mode='loss')['loss_con']
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def layer_step(x, w, bf16):
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            y = x @ w.t()
        y.float().sum().backward()
        w.grad = None
    return step


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=512)
    p.add_argument('--iters', type=int, default=5)
    p.add_argument('--frames', type=int, default=300)
    p.add_argument('--threads', type=int, default=None)
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = build(args.frames)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9,
                          weight_decay=5e-4)
    views = [torch.randn(args.batch, 2, args.frames, 25, 3) * 0.3
             for _ in range(2)]
    d_in = model.backbone.input_dim
    x = torch.randn(2 * args.batch, d_in)
    w = torch.randn(256, d_in, requires_grad=True)
    res = {}
    for _ in range(2):
        for bf16 in (False, True):
            t_step = median_time(train_step(model, opt, views, bf16),
                                 args.iters)
            t_layer = median_time(layer_step(x, w, bf16), args.iters)
            key = 'bf16' if bf16 else 'fp32'
            old = res.get(key, (float('inf'), float('inf')))
            res[key] = (min(old[0], t_step), min(old[1], t_layer))
    flags = cpu_bf16_flags()
    print(f'ConMLP: batch {args.batch} (x2 views), input {d_in}, threads '
          f'{torch.get_num_threads()}, CPU bf16 units: '
          f'{", ".join(flags) or "none"}')
    print(f'{"":6} {"step s":>8} {"samples/s":>10} {"layer s":>8}')
    for key in ('fp32', 'bf16'):
        t_step, t_layer = res[key]
        print(f'{key:6} {t_step:8.3f} {args.batch / t_step:10.1f} '
              f'{t_layer:8.3f}')
    f, b = res['fp32'], res['bf16']
    print(f'bf16 speed-up: training step x{f[0] / b[0]:.2f}, first layer '
          f'x{f[1] / b[1]:.2f}')


if __name__ == '__main__':
    main()
