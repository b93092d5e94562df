"""A 2-process CPU DDP run (torchrun, gloo): every rank enqueues keys of
its own, and both end with the same queue and pointer, holding the keys of
both ranks in rank order; the divisibility check uses the global batch."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
import torch.distributed as dist

WORKER = osp.join(osp.dirname(osp.abspath(__file__)), 'ddp_queue_worker.py')


@pytest.fixture(scope='module')
def ranks(tmp_path_factory):
    if not (dist.is_available() and dist.is_gloo_available()):
        pytest.skip('torch.distributed with gloo is not available')
    out = str(tmp_path_factory.mktemp('ddp'))
    env = dict(os.environ, OMP_NUM_THREADS='1')
    proc = subprocess.run(
        [sys.executable, '-m', 'torch.distributed.run', '--standalone',
         '--nnodes', '1', '--nproc_per_node', '2', WORKER, out],
        capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return [torch.load(osp.join(out, f'rank{r}.pt'), weights_only=True)
            for r in (0, 1)]


def test_both_ranks_hold_the_same_queue(ranks):
    r0, r1 = ranks
    assert r0['world_size'] == r1['world_size'] == 2
    assert torch.equal(r0['initial'], r1['initial'])
    # the ranks fed different keys ...
    assert not torch.equal(r0['manual'][0], r1['manual'][0])
    assert not torch.equal(r0['step_keys'], r1['step_keys'])
    # ... and ended with identical queues and pointers
    assert torch.equal(r0['queue'], r1['queue'])
    assert torch.equal(r0['queue_ptr'], r1['queue_ptr'])
    # the pointer advanced by the global batch (2 ranks x 2 keys)
    assert r0['ptrs'] == r1['ptrs'] == [4, 8, 12, 0, 4]


def test_queue_holds_both_ranks_keys_in_rank_order(ranks):
    r0, r1 = ranks
    queue = r0['queue']

    def both(key, i=None):
        a = r0[key] if i is None else r0[key][i]
        b = r1[key] if i is None else r1[key][i]
        return torch.cat([a, b])

    # rows 0..3 were overwritten after the wrap-around by the last batch
    torch.testing.assert_close(queue[0:4], both('manual', 3))
    torch.testing.assert_close(queue[4:8], both('manual', 1))
    torch.testing.assert_close(queue[8:12], both('manual', 2))
    torch.testing.assert_close(queue[12:16], both('step_keys'))
    assert int(r0['queue_ptr']) == 4


def test_divisibility_error_uses_global_batch(ranks):
    for r in ranks:
        assert r['error'] is not None, 'K=6, global batch 4 must raise'
        assert 'global batch size 4' in r['error']
        assert '6' in r['error']
        assert r['small_ptr'] == 0


def test_knn_bank_gathers_every_rank(ranks):
    for r in ranks:
        assert r['bank'].shape == (6, 2)
        assert r['bank'][:3].eq(0).all() and r['bank'][3:].eq(1).all()
        assert r['bank_labels'].tolist() == [0, 0, 0, 1, 1, 1]
