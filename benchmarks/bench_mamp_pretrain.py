"""MAMP pretraining throughput: skelact's ``MAMP`` against the authors'
``model_mamp/transformer.py`` (maoyunyao/MAMP, fetched OUTSIDE the
repository, never committed), fp32 and bf16 autocast, in one run.

    git clone https://github.com/maoyunyao/MAMP /tmp/MAMP_orig
    python benchmarks/bench_mamp_pretrain.py --orig /tmp/MAMP_orig
        [--batch 8] [--iters 4] [--rounds 2] [--threads 2]

One step = forward (masking, encoder on the kept tokens, decoder, loss),
backward and an AdamW step, on the authors' NTU-60 model (depth 8, width
256, 3-block decoder, 120 frames x 25 joints x 2 persons, mask 0.9, tau
0.8). The four variants run interleaved, ``--rounds`` times, and the best
round counts (the machine is shared). Before timing, the authors' weights
are converted into skelact's model (``convert_mamp_state``) and both
losses are computed under the same seed: they must agree (same masking
draws, same numbers). Prints samples/s per variant and the ratios.
"""
import argparse
import os
import os.path as osp
import sys
import time

import torch

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, ROOT)


def build(orig_dir):
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    from skelact.utils.converters.mamp import convert_mamp_state
    sys.path.insert(0, orig_dir)
    from model_mamp.transformer import Transformer
    torch.manual_seed(0)
    orig = Transformer(dim_in=3, dim_feat=256, decoder_dim_feat=256, depth=8,
                       decoder_depth=3, num_heads=8, mlp_ratio=4,
                       num_frames=120, num_joints=25, patch_size=1,
                       t_patch_size=4, qkv_bias=True, norm_skes_loss=True)
    ours = MODELS.build(dict(
        type='MAMP',
        backbone=dict(type='SkeletonTransformer', in_channels=3,
                      dim_feat=256, depth=8, num_heads=8, mlp_ratio=4,
                      num_frames=120, num_joints=25, t_patch_size=4,
                      norm_eps=1e-5),
        decoder=dict(dim=256, depth=3, num_heads=8, mlp_ratio=4),
        mask_ratio=0.9, motion_aware_tau=0.8))
    ours.load_state_dict(convert_mamp_state(orig.state_dict()), strict=True)
    return orig, ours


def step_fns(orig, ours, x_ntvmc):
    # the authors' input layout (N, C, T, V, M); skelact's (N, M, T, V, C)
    x_orig = x_ntvmc.permute(0, 4, 2, 3, 1).contiguous()
    opt_o = torch.optim.AdamW(orig.parameters(), lr=1e-3, betas=(0.9, 0.95))
    opt_s = torch.optim.AdamW(ours.parameters(), lr=1e-3, betas=(0.9, 0.95))

    def run_orig():
        loss = orig(x_orig, mask_ratio=0.9, motion_aware_tau=0.8)[0]
        opt_o.zero_grad()
        loss.backward()
        opt_o.step()
        return loss

    def run_ours():
        loss = ours.loss(x_ntvmc)['loss_motion']
        opt_s.zero_grad()
        loss.backward()
        opt_s.step()
        return loss

    return run_orig, run_ours


def timed(fn, iters, bf16):
    ctx = torch.autocast('cpu', dtype=torch.bfloat16) if bf16 else \
        torch.autocast('cpu', enabled=False)
    with ctx:
        fn()  # warm-up
        t = time.perf_counter()
        for _ in range(iters):
            fn()
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--orig', default='/tmp/MAMP_orig',
                   help="the authors' repository (a clone outside skelact)")
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--iters', type=int, default=4)
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    orig, ours = build(args.orig)
    x = torch.randn(args.batch, 2, 120, 25, 3)
    # parity: the same weights and the same seed give the same loss
    with torch.no_grad():
        torch.manual_seed(1)
        lo = orig(x.permute(0, 4, 2, 3, 1).contiguous(), mask_ratio=0.9,
                  motion_aware_tau=0.8)[0]
        torch.manual_seed(1)
        ls = ours.loss(x)['loss_motion']
    print(f'loss (same weights, same seed): authors {lo.item():.6f}, '
          f'skelact {ls.item():.6f}, |diff| {abs(lo - ls).item():.2e}')
    run_orig, run_ours = step_fns(orig, ours, x)
    variants = {('authors', False): run_orig, ('skelact', False): run_ours,
                ('authors', True): run_orig, ('skelact', True): run_ours}
    best = {}
    for _ in range(args.rounds):
        for (name, bf16), fn in variants.items():
            sec = timed(fn, args.iters, bf16)
            rate = args.batch * args.iters / sec
            best[name, bf16] = max(best.get((name, bf16), 0.0), rate)
    cpu = 'unknown CPU'
    if osp.exists('/proc/cpuinfo'):
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    print(f'MAMP pretraining step (fwd+bwd+AdamW), batch {args.batch} x 2 '
          f'persons, {args.threads} threads, {cpu}, torch '
          f'{torch.__version__}:')
    for (name, bf16), rate in best.items():
        print(f'  {name:8s} {"bf16" if bf16 else "fp32"}: '
              f'{rate:7.2f} samples/s')
    for bf16 in (False, True):
        r = best['skelact', bf16] / best['authors', bf16]
        print(f'  skelact / authors ({"bf16" if bf16 else "fp32"}): '
              f'{r:.2f}x')
    for name in ('authors', 'skelact'):
        r = best[name, True] / best[name, False]
        print(f'  {name} bf16 / fp32: {r:.2f}x')


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '2')
    main()
