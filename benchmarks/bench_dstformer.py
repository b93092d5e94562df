"""DSTformer forward + backward throughput on CPU: skelact's DSTformer with
fused attention (``scaled_dot_product_attention``) and with explicit
attention, against MotionBERT's own ``lib/model/DSTformer.py``, same
weights, fp32 and bf16 autocast, all in the same run.

    python benchmarks/bench_dstformer.py                       # skelact only
    git -C <MotionBERT clone> archive HEAD lib/model | tar -x -C /tmp/mb_orig
    python benchmarks/bench_dstformer.py --original /tmp/mb_orig \\
        --sizes motionbert --frames 27 --dtypes fp32 bf16

``--original`` is a folder holding MotionBERT's ``lib/model/`` (the
authors' code stays outside the repository; it is imported, never
copied). The original model is built as MotionBERT's ``load_backbone``
builds it (LayerNorm eps 1e-6) and loads skelact's weights strictly (the
parameter names are the same), and its representation is checked against
skelact's before timing.

Throughput is in sequences (samples x persons) per second of one training
step (forward to the representation, mean-square loss, backward; no
optimizer step). The implementations are timed in alternating rounds and
the median round is reported, so background load hits them alike.
"""
import argparse
import importlib
import statistics
import sys
import time
from functools import partial

import torch
import torch.nn as nn

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


class _OriginalRep(nn.Module):
    """MotionBERT's DSTformer returning the representation as skelact's
    map (B, D, T, V), so that both models run the same loss."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x, return_rep=True).movedim(-1, 1)


def load_original(folder, kwargs, state):
    sys.path.insert(0, folder)
    try:
        mod = importlib.import_module('lib.model.DSTformer')
    finally:
        sys.path.remove(folder)
    model = mod.DSTformer(dim_in=3, dim_out=3, num_joints=17, maxlen=243,
                          norm_layer=partial(nn.LayerNorm, eps=1e-6),
                          **kwargs)
    model.load_state_dict(state, strict=True)
    return _OriginalRep(model)


def bench(name, frames, batch, persons, rounds, iters, dtypes, original):
    kwargs, default_batch = SIZES[name]
    batch = batch or default_batch
    torch.manual_seed(0)
    model = DSTformer(dim_in=3, dim_out=3, num_joints=17, maxlen=243,
                      **kwargs).train()
    params = sum(p.numel() for p in model.parameters())
    x = torch.randn(batch * persons, frames, 17, 3)
    models = {}
    for impl in ('sdpa', 'explicit'):
        models[impl] = lambda inp, impl=impl: (
            model.set_attn_impl(impl), model(inp))[1]
    if original:
        orig = load_original(original, kwargs, model.state_dict()).train()
        with torch.no_grad():
            diff = (orig.eval()(x) - model.eval()(x)).abs().max().item()
        orig.train(), model.train()
        print(f'{name}: max |original - skelact| of the representation '
              f'= {diff:.2e} (fp32, eval)')
        models['original'] = orig
    rates = {}
    for dtype in dtypes:
        times = {k: [] for k in models}

        def run(k):
            fn = models[k]
            with torch.autocast('cpu', dtype=torch.bfloat16,
                                enabled=dtype == 'bf16'):
                out = fn(x)
            out.float().square().mean().backward()
            model.zero_grad(set_to_none=True)
            if 'original' in models:
                models['original'].zero_grad(set_to_none=True)

        for k in times:  # warm-up
            run(k)
        for _ in range(rounds):
            for k in times:
                t0 = time.perf_counter()
                for _ in range(iters):
                    run(k)
                times[k].append((time.perf_counter() - t0) / iters)
        seqs = batch * persons
        ref = 'original' if original else 'explicit'
        if not rates:
            print(f'{name} params={params:,d} N={batch} M={persons} '
                  f'T={frames} V=17 (sequences/s; ratio to the first '
                  f'dtype\'s {ref})')
        for k, v in times.items():
            rates[(dtype, k)] = seqs / statistics.median(v)
        base = rates[(dtypes[0], ref)]
        for k in times:  # printed as each dtype finishes
            r = rates[(dtype, k)]
            print(f'  {dtype:5s} {k:9s} {r:9.4g} seq/s  x{r / base:5.2f}',
                  flush=True)
    return rates


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
    parser.add_argument('--dtypes', nargs='+', choices=['fp32', 'bf16'],
                        default=['fp32', 'bf16'])
    parser.add_argument('--original', default=None,
                        help="folder holding MotionBERT's lib/model/")
    parser.add_argument('--threads', type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    flags = open('/proc/cpuinfo').read() if sys.platform == 'linux' else ''
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, '
          f'cpu bf16 flags: amx_bf16={"amx_bf16" in flags} '
          f'avx512_bf16={"avx512_bf16" in flags}')
    for name in args.sizes:
        for frames in args.frames:
            bench(name, frames, args.batch, args.persons, args.rounds,
                  args.iters, args.dtypes, args.original)


if __name__ == '__main__':
    main()
