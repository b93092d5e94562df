"""AimCLR pretraining throughput (samples/s) on the current device.

One optimisation step = the three views through the encoders (query,
extreme with EADM, key), D3M + InfoNCE, backward, SGD step, momentum update
and enqueue -- what one iteration of configs/aimclr/stgcn_ntu60_xsub.py
costs, on random inputs of the paper's shape (N, 2, 50, 25, 3).

    python benchmarks/bench_aimclr_pretrain.py [--batch 32] [--iters 5]
        [--hidden-dim 256] [--frames 50] [--amp]

Reports fp32 and, with --amp, bf16 autocast (CPU) / fp16 (GPU) in the same
run, and their ratio.
"""
import argparse
import time

import torch

import skelact.models  # noqa: F401
from skelact.registry import MODELS


def build(hidden_dim, queue_size, device):
    model = MODELS.build(dict(
        type='AimCLR',
        backbone=dict(type='STGCN', hidden_channels=16, hidden_dim=hidden_dim,
                      dropout=0.5),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=hidden_dim,
                       hidden_channels=hidden_dim),
        queue_size=queue_size))
    return model.to(device).train()


def measure(model, batch, frames, iters, device, autocast_dtype=None):
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad],
                          lr=0.1, momentum=0.9)
    views = [torch.randn(batch, 2, frames, 25, 3, device=device)
             for _ in range(3)]

    def step():
        model.momentum_update()
        with torch.autocast(device.type, dtype=autocast_dtype,
                            enabled=autocast_dtype is not None):
            losses = model.loss(views)
        loss = sum(losses.values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.enqueue_pending()

    step()  # warm-up
    if device.type == 'cuda':
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(iters):
        step()
    if device.type == 'cuda':
        torch.cuda.synchronize()
    return batch * iters / (time.perf_counter() - start)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--iters', type=int, default=5)
    p.add_argument('--frames', type=int, default=50)
    p.add_argument('--hidden-dim', type=int, default=256)
    p.add_argument('--amp', action='store_true')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available()
                   else 'cpu')
    args = p.parse_args()
    device = torch.device(args.device)
    queue = args.batch * 64
    model = build(args.hidden_dim, queue, device)
    print(f'device {device}, threads {torch.get_num_threads()}, batch '
          f'{args.batch}, frames {args.frames}, hidden_dim {args.hidden_dim}')
    fp32 = measure(model, args.batch, args.frames, args.iters, device)
    print(f'fp32: {fp32:.1f} samples/s')
    if args.amp:
        dtype = torch.float16 if device.type == 'cuda' else torch.bfloat16
        amp = measure(model, args.batch, args.frames, args.iters, device,
                      dtype)
        print(f'{dtype}: {amp:.1f} samples/s  ({amp / fp32:.2f}x fp32)')


if __name__ == '__main__':
    main()
