"""Worker of test_guard_ddp.py, launched by ``torchrun --nproc_per_node 2``.

Every rank records the seeded indices its SampleSeedSampler yields over two
epochs, and the verdict of the non-finite guard's all-reduce when only
rank 1 saw a non-finite loss; writes them to ``OUT/rank{R}.pt``.
"""
import sys

import torch
import torch.distributed as dist


def main(out_dir):
    torch.set_num_threads(1)
    dist.init_process_group('gloo')
    rank = dist.get_rank()
    from skelact.datasets.sample_seed import SampleSeedSampler
    from skelact.engine.hooks.non_finite import _any_rank
    sampler = SampleSeedSampler(list(range(10)), seed=0,
                                sampler=dict(type='DefaultSampler',
                                             shuffle=True))
    epochs = []
    for epoch in range(2):
        sampler.set_epoch(epoch)
        epochs.append([(int(i), i.seed) for i in sampler])
    verdicts = [_any_rank(rank == 1, 'cpu'), _any_rank(False, 'cpu')]
    torch.save(dict(rank=rank, epochs=epochs, verdicts=verdicts),
               f'{out_dir}/rank{rank}.pt')
    dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1])
