"""Costs of two AimCLR options, measured in one run on this device.

1. The Table 1 "without EADM" ablation: an AimCLR optimisation step
   (configs/aimclr/stgcn_ntu60_xsub.py's model on random (N, 2, 50, 25, 3)
   views) with the EADM branch computed at weight 0 against
   ``skip_unweighted_eadm=True``; samples/s and their ratio.
2. LinearEvalHook's classifier on cached features of NTU-60 xsub's size
   (40,091 train / 16,487 test clips, 256-d, 60 classes; random features):
   seconds per classifier epoch at batch 128, and the linear protocol's
   100 epochs extrapolated.

    python benchmarks/bench_aimclr_options.py [--batch 16] [--iters 3]
        [--linear-epochs 1] [--device cpu|cuda]
"""
import argparse
import time

import torch

import skelact.models  # noqa: F401
from bench_aimclr_pretrain import measure  # the same step, in this folder
from skelact.evaluation.cached_linear import train_linear
from skelact.registry import MODELS


def aimclr(skip, device):
    model = MODELS.build(dict(
        type='AimCLR',
        backbone=dict(type='STGCN', hidden_channels=16, hidden_dim=256),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=256,
                       hidden_channels=256),
        queue_size=4096, beta=0.0, skip_unweighted_eadm=skip))
    return model.to(device).train()


def linear_epoch_seconds(epochs, device):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(40091, 256, generator=g).to(device)
    y = torch.randint(0, 60, (40091,), generator=g).to(device)
    train_linear(x[:1024], y[:1024], 60, epochs=1)  # warm-up
    if device.type == 'cuda':
        torch.cuda.synchronize()
    start = time.perf_counter()
    train_linear(x, y, 60, epochs=epochs)
    if device.type == 'cuda':
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / epochs


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--iters', type=int, default=3)
    p.add_argument('--linear-epochs', type=int, default=1)
    p.add_argument('--device', default='cuda' if torch.cuda.is_available()
                   else 'cpu')
    args = p.parse_args()
    device = torch.device(args.device)
    print(f'device {device}, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads')
    torch.manual_seed(0)
    with_eadm = measure(aimclr(False, device), args.batch, 50, args.iters,
                        device)
    skipped = measure(aimclr(True, device), args.batch, 50, args.iters,
                      device)
    print(f'AimCLR step, EADM at weight 0 computed: {with_eadm:.1f} '
          f'samples/s; skipped: {skipped:.1f} samples/s; ratio '
          f'{skipped / with_eadm:.2f}')
    sec = linear_epoch_seconds(args.linear_epochs, device)
    print(f'cached linear classifier, NTU-60 xsub size: {sec:.2f} s per '
          f'epoch, {100 * sec:.0f} s for the protocol\'s 100 epochs')


if __name__ == '__main__':
    main()
