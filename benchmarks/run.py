"""One benchmark for skelact's training throughput on this machine.

    python benchmarks/run.py [--quick] [--methods AimCLR,ConMLP,...]
        [--precisions fp32,bf16] [--batch 32] [--iters 3]
        [--compare-original /tmp/aimclr_orig] [--json out.json]
        [--no-memory] [--no-augment]

For every method (its real config, the paper's shapes: 50 frames, queue
32768; --quick: batch 8, queue 1024, 1 iteration, ST-GCN methods only
unless --methods says otherwise) it prints, in one table:

- data path: the config's train pipeline + collate, one process, samples/s;
- step: preprocess + forward + loss + backward + SGD (+ momentum update
  and enqueue), samples/s, fp32 and bf16 autocast in the same run;
- GFLOP per sample of the step (torch.utils.flop_counter, forward +
  backward) and the fraction of the machine's matrix peak (an n x n
  matmul in the same dtype, measured in the same run);

and, in the same run: the authors' AimCLR step (``--compare-original``,
an extracted copy of Levigty/AimCLR outside the repository), AimCLR's
three views made per sample (numpy) against batched on tensors
(augment_on='device'), and the memory case (peak RSS while iterating an
NTU-120-sized memory-mapped array with 2 workers; --quick iterates 4,096
of its 63,026 samples). The CPU's kind and the ST-GCN formulation used are
printed first. Nothing here is a test.
"""
import argparse
import json
import os.path as osp
import sys
import tempfile

import torch

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
import _cases as C  # noqa: E402

QUICK_METHODS = ('AimCLR', 'SkeletonCLR', 'ST-GCN (supervised)', 'ConMLP',
                 'TransAimCLR')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--quick', action='store_true')
    p.add_argument('--methods', help='comma-separated, of: ' +
                   ', '.join(C.METHODS))
    p.add_argument('--precisions', default='fp32,bf16')
    p.add_argument('--batch', type=int)
    p.add_argument('--iters', type=int)
    p.add_argument('--queue', type=int)
    p.add_argument('--compare-original', metavar='PATH')
    p.add_argument('--json', help='write the figures here')
    p.add_argument('--no-memory', action='store_true')
    p.add_argument('--no-augment', action='store_true')
    p.add_argument('--stgcn-impls', default='einsum/conv',
                   help='AimCLR again with these ST-GCN formulations '
                   '(gcn/tcn pairs, comma-separated; "" for none): the '
                   "authors' formulation against the default in one run")
    args = p.parse_args()
    args.batch = args.batch or (8 if args.quick else 32)
    args.iters = args.iters or (1 if args.quick else 3)
    args.queue = args.queue or (1024 if args.quick else 32768)
    names = args.methods.split(',') if args.methods else \
        list(QUICK_METHODS if args.quick else C.METHODS)
    for n in names:
        if n not in C.METHODS:
            p.error(f'--methods: unknown {n!r}; expected of {list(C.METHODS)}')
    args.methods = names
    args.precisions = args.precisions.split(',')
    args.stgcn_impls = [tuple(x.split('/')) for x in
                        args.stgcn_impls.split(',') if x]
    return args


def main():
    from tabulate import tabulate

    from skelact.models.layers.stgcn_impl import default_stgcn_impls
    from skelact.utils.cpu_features import cpu_report
    args = parse_args()
    torch.manual_seed(0)
    cpu = cpu_report()
    result = dict(cpu=cpu, threads=torch.get_num_threads(),
                  torch=torch.__version__, batch=args.batch,
                  queue=args.queue, iters=args.iters,
                  stgcn_impls=default_stgcn_impls(), methods={})
    print(f'CPU {cpu}, {torch.get_num_threads()} threads, torch '
          f'{torch.__version__}; ST-GCN (gcn, tcn) = '
          f'{default_stgcn_impls()}; batch {args.batch}, queue '
          f'{args.queue}', flush=True)
    dtypes = dict(fp32=torch.float32, bf16=torch.bfloat16)
    peak = {p: C.matrix_peak(dtypes[p]) for p in args.precisions}
    result['matrix_peak_gflops'] = peak
    print('matrix peak (1024^3 matmul): ' + ', '.join(
        f'{p} {v:.0f} GFLOP/s' for p, v in peak.items()), flush=True)
    rows = []
    runs = [(name, None) for name in args.methods]
    if 'AimCLR' in args.methods:
        at = args.methods.index('AimCLR') + 1
        runs[at:at] = [('AimCLR', pair) for pair in args.stgcn_impls]
    for name, pair in runs:
        path = C.METHODS[name]
        cfg = C.load_cfg(path)
        if pair is not None:
            cfg.model.backbone.update(gcn_impl=pair[0], tcn_impl=pair[1])
            name = f'{name} [{pair[0]}/{pair[1]}]'
        data_sps, data = C.data_path(cfg, args.batch, max(args.iters, 2))
        model = C.build_model(cfg, args.queue)
        gflop = C.gflop_per_sample(model, data, args.batch)
        entry = dict(config=path, data_samples_per_s=data_sps,
                     gflop_per_sample=gflop)
        for prec in args.precisions:
            step = C.train_step(model, data, bf16=prec == 'bf16')
            sps = args.batch / C.best_time(step, args.iters)
            frac = sps * gflop / peak[prec]
            entry[prec] = dict(samples_per_s=sps, peak_fraction=frac)
            rows.append([name, prec, f'{data_sps:.0f}', f'{sps:.1f}',
                         f'{gflop:.2f}', f'{100 * frac:.0f} %'])
            print(tabulate([rows[-1]], tablefmt='plain'), flush=True)
        result['methods'][name] = entry
    if args.compare_original:
        model = C.original_aimclr(args.compare_original, args.queue)
        entry = {}
        for prec in args.precisions:
            step = C.original_step(model, args.batch)
            with torch.autocast('cpu', dtype=torch.bfloat16,
                                enabled=prec == 'bf16'):
                sps = args.batch / C.best_time(step, args.iters)
            entry[prec] = dict(samples_per_s=sps)
            ours = result['methods'].get('AimCLR', {}).get(prec, {})
            ratio = ours.get('samples_per_s', float('nan')) / sps
            rows.append(['AimCLR (authors\' code)', prec, '', f'{sps:.1f}',
                         '', f'skelact {ratio:.2f}x'])
            print(tabulate([rows[-1]], tablefmt='plain'), flush=True)
        result['original_aimclr'] = entry
    print()
    print(tabulate(rows, headers=['method', 'precision', 'data samples/s',
                                  'step samples/s', 'GFLOP/sample',
                                  'of matrix peak']))
    if not args.no_augment:
        per, batched = C.augment_throughput(4 * args.batch, args.iters + 1)
        result['augment_views'] = dict(per_sample=per, batched=batched)
        print(f'\nAimCLR views (extreme + 2 normal), {4 * args.batch} '
              f'samples: per-sample {per:.0f} samples/s, batched on CPU '
              f'tensors {batched:.0f} samples/s ({batched / per:.1f}x)')
    if not args.no_memory:
        with tempfile.TemporaryDirectory(prefix='skelact_mem_') as work:
            mem = C.memory_case(work,
                                iterate=4096 if args.quick else None)
        result['memory'] = mem
        print(f'\nmemory: {mem["samples"]} samples of a {mem["array_gib"]:.2f}'
              f' GiB memory-mapped array, 2 workers: peak RSS main '
              f'{mem["peak_rss_main_gib"]:.2f} GiB, worker '
              f'{mem["peak_rss_worker_gib"]:.2f} GiB (limit 2 GiB)')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(result, f, indent=1)
        print(f'wrote {args.json}')


if __name__ == '__main__':
    main()
