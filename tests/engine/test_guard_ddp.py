"""Two CPU ranks (torchrun, gloo): the per-sample seeds of
SampleSeedSampler differ between ranks and epochs, each rank's shard is
its own; the non-finite guard's verdict is the same on every rank (one
rank's NaN stops or skips all of them, none hangs in backward)."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
import torch.distributed as dist

WORKER = osp.join(osp.dirname(osp.abspath(__file__)), 'ddp_guard_worker.py')


@pytest.fixture(scope='module')
def ranks(tmp_path_factory):
    if not (dist.is_available() and dist.is_gloo_available()):
        pytest.skip('torch.distributed with gloo is not available')
    out = str(tmp_path_factory.mktemp('ddp_guard'))
    env = dict(os.environ, OMP_NUM_THREADS='1')
    proc = subprocess.run(
        [sys.executable, '-m', 'torch.distributed.run', '--standalone',
         '--nnodes', '1', '--nproc_per_node', '2', WORKER, out],
        capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return [torch.load(osp.join(out, f'rank{r}.pt'), weights_only=False)
            for r in (0, 1)]


def test_seeds_per_rank_and_epoch(ranks):
    from skelact.datasets.sample_seed import sample_seed
    for r in ranks:
        for epoch, draws in enumerate(r['epochs']):
            assert len(draws) == 5
            for pos, (idx, seed) in enumerate(draws):
                assert seed == sample_seed(0, epoch, r['rank'], pos, idx)
    for epoch in range(2):
        idx0 = {i for i, _ in ranks[0]['epochs'][epoch]}
        idx1 = {i for i, _ in ranks[1]['epochs'][epoch]}
        assert idx0 | idx1 == set(range(10)) and not idx0 & idx1
    seeds = [s for r in ranks for e in r['epochs'] for _, s in e]
    assert len(set(seeds)) == len(seeds) == 20


def test_guard_verdict_is_shared(ranks):
    assert ranks[0]['verdicts'] == ranks[1]['verdicts'] == [True, False]
