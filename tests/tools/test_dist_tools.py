"""tools/dist_train.sh and tools/dist_test.sh themselves, with 2 CPU
processes (gloo): a tiny AimCLR run finishes on both ranks, which end with
identical queues (the keys of both ranks, gathered) and identical weights;
the KNN protocol evaluates the checkpoint on both ranks. The Slurm
launcher's variables are derived from Slurm's."""
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch
import torch.distributed as dist
from mmengine.config import Config

from conftest import ROOT
from test_protocol_tools import FAST_KNN, Q, pretrain_config

HOOK = '''
import torch
import torch.distributed as dist
from mmengine.hooks import Hook
from skelact.registry import HOOKS
from skelact.utils.model import unwrap


@HOOKS.register_module()
class DumpQueueHook(Hook):
    """Test only: every rank writes its queue and a weight after the run."""
    priority = 'LOWEST'

    def __init__(self, out):
        self.out = out

    def after_run(self, runner):
        model = unwrap(runner.model)
        torch.save(dict(rank=dist.get_rank(), world=dist.get_world_size(),
                        wrapped=type(runner.model).__name__,
                        queue=model.queue.clone(),
                        queue_ptr=model.queue_ptr.clone(),
                        weight=next(model.backbone.parameters()).detach()
                        .clone()),
                   f'{self.out}/rank{dist.get_rank()}.pt')
'''


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def launch(script, args, cwd):
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               PYTHON=sys.executable, PORT=str(free_port()),
               PYTHONPATH=os.pathsep.join([str(cwd), ROOT]))
    return subprocess.run(['bash', osp.join(ROOT, 'tools', script)] + args,
                          cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=420)


@pytest.fixture(scope='module')
def dist_run(tiny_dataset, tmp_path_factory):
    if not (dist.is_available() and dist.is_gloo_available()):
        pytest.skip('torch.distributed with gloo is not available')
    root = tmp_path_factory.mktemp('dist')
    (root / 'queue_dump.py').write_text(HOOK)
    work = str(root / 'work_dirs' / 'pre')
    cfg = pretrain_config(tiny_dataset, work)
    cfg['train_cfg']['max_epochs'] = 1
    cfg['train_dataloader']['batch_size'] = 2  # 2 ranks: global batch 4
    cfg['custom_imports'] = dict(imports=['queue_dump'],
                                 allow_failed_imports=False)
    cfg['custom_hooks'] = [dict(type='DumpQueueHook', out=str(root))]
    Config(cfg).dump(str(root / 'pre.py'))
    proc = launch('dist_train.sh', [str(root / 'pre.py'), '2'], root)
    return dict(root=root, work=work, proc=proc)


def test_dist_train_runs_on_both_cpu_ranks_with_one_queue(dist_run):
    proc, root = dist_run['proc'], dist_run['root']
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    ranks = [torch.load(str(root / f'rank{r}.pt'), weights_only=True)
             for r in (0, 1)]  # written after the run, by each rank
    assert [r['rank'] for r in ranks] == [0, 1]
    assert all(r['world'] == 2 for r in ranks)
    assert all(r['wrapped'] == 'MMDistributedDataParallel' for r in ranks)
    # 12 samples per rank, batch 2: 6 steps of 4 gathered keys
    assert int(ranks[0]['queue_ptr']) == int(ranks[1]['queue_ptr']) == 24 % Q
    assert torch.equal(ranks[0]['queue'], ranks[1]['queue'])
    assert torch.equal(ranks[0]['weight'], ranks[1]['weight'])
    from skelact.utils.safe_load import safe_torch_load
    ckpt = safe_torch_load(osp.join(dist_run['work'], 'epoch_1.pth'))
    assert torch.equal(ckpt['state_dict']['queue'], ranks[0]['queue'])


def test_dist_test_evaluates_on_both_cpu_ranks(dist_run):
    assert dist_run['proc'].returncode == 0
    root = dist_run['root']
    ckpt = osp.join(dist_run['work'], 'epoch_1.pth')
    proc = launch('dist_test.sh', [str(root / 'pre.py'), ckpt, '2',
                                   '--protocol', 'knn'] + FAST_KNN, root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert 'Distributed launcher: pytorch' in out
    acc = float(out.split('acc/top1: ')[-1].split()[0])
    assert 0.0 <= acc <= 1.0
    # the KNN encoder from the pretraining checkpoint, said once
    assert out.count('loaded backbone.* ') == 1


def test_slurm_variables():
    from skelact.cli.distributed import slurm_env
    env = slurm_env(dict(SLURM_PROCID='5', SLURM_LOCALID='1',
                         SLURM_NTASKS='8', SLURM_NNODES='2',
                         SLURM_NODELIST='node[3-4]', MASTER_ADDR='node3',
                         PORT='29600'))
    assert env == dict(RANK='5', LOCAL_RANK='1', WORLD_SIZE='8',
                       MASTER_ADDR='node3', MASTER_PORT='29600')
    env = slurm_env(dict(SLURM_PROCID='6', SLURM_NTASKS='8',
                         SLURM_NNODES='2', SLURM_NODELIST='n1',
                         MASTER_ADDR='n1'))
    assert env['LOCAL_RANK'] == '2' and env['MASTER_PORT'] == '29500'
    with pytest.raises(RuntimeError, match='srun'):
        slurm_env({})


def test_cpu_ddp_wrapper_has_no_device_ids():
    from skelact.cli.distributed import cpu_ddp_wrapper
    w = cpu_ddp_wrapper(Config(dict()))
    assert w == dict(type='MMDistributedDataParallel', device_ids=None,
                     broadcast_buffers=False, find_unused_parameters=False)
    w = cpu_ddp_wrapper(Config(dict(model_wrapper_cfg=dict(
        type='MMDistributedDataParallel', find_unused_parameters=True))))
    assert w['device_ids'] is None and w['find_unused_parameters']
