"""Distributed runs on CPUs (gloo) and GPUs (NCCL), one node or many.

mmengine 0.10's ``init_dist`` calls ``torch.cuda.set_device`` for the
``pytorch`` and ``slurm`` launchers, and its Runner wraps the model in DDP
with ``device_ids=[LOCAL_RANK]``: both fail on a machine without GPUs.
:func:`setup_distributed` initialises the process group itself before the
Runner is built (the Runner then skips its own ``init_dist``, see
``Runner.setup_env``) and, on CPUs, asks for DDP without ``device_ids``.

Launchers:

- ``pytorch``: ``torchrun`` (``tools/dist_train.sh``, ``dist_test.sh``) sets
  ``RANK``, ``LOCAL_RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``, ``MASTER_PORT``;
  several nodes through ``NNODES``, ``NODE_RANK``, ``MASTER_ADDR``, ``PORT``;
- ``slurm``: ``srun`` (``tools/slurm_train.sh``); the ranks come from
  ``SLURM_PROCID``, ``SLURM_LOCALID``, ``SLURM_NTASKS``, the master from
  ``MASTER_ADDR`` or the first host of ``SLURM_NODELIST``, the port from
  ``MASTER_PORT``, ``PORT`` or 29500.
"""
import datetime
import os
import subprocess
from typing import Dict, Optional

from torch import nn

from skelact.registry import MODEL_WRAPPERS

__all__ = ['slurm_env', 'setup_distributed', 'cpu_ddp_wrapper',
           'DistributedEvalWrapper']


@MODEL_WRAPPERS.register_module()
class DistributedEvalWrapper(nn.Module):
    """The model of a distributed evaluation (``tools/test.py``): every rank
    runs its share of the data through the plain model. There are no
    gradients to synchronise, so no DDP, which refuses a model without
    trainable parameters (the KNN protocol's frozen encoder)."""

    def __init__(self, module: nn.Module):
        super().__init__()
        self.module = module

    def val_step(self, data):
        return self.module.val_step(data)

    def test_step(self, data):
        return self.module.test_step(data)

    def train_step(self, data, optim_wrapper):
        raise RuntimeError('DistributedEvalWrapper evaluates; training is '
                           'wrapped in DDP (tools/train.py)')

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)


def slurm_env(environ: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The torch.distributed variables of a Slurm task (module doc)."""
    env = os.environ if environ is None else environ
    missing = [k for k in ('SLURM_PROCID', 'SLURM_NTASKS')
               if k not in env]
    if missing:
        raise RuntimeError(
            f'--launcher slurm: {", ".join(missing)} not set; start the job '
            'with srun (tools/slurm_train.sh)')
    ntasks = int(env['SLURM_NTASKS'])
    nodes = int(env.get('SLURM_NNODES', '1'))
    local = env.get('SLURM_LOCALID')
    if local is None:
        local = int(env['SLURM_PROCID']) % max(1, ntasks // nodes)
    addr = env.get('MASTER_ADDR')
    if not addr:
        addr = subprocess.run(
            ['scontrol', 'show', 'hostnames', env['SLURM_NODELIST']],
            capture_output=True, text=True, check=True).stdout.split()[0]
    return dict(RANK=str(env['SLURM_PROCID']), LOCAL_RANK=str(local),
                WORLD_SIZE=str(ntasks), MASTER_ADDR=addr,
                MASTER_PORT=str(env.get('MASTER_PORT') or env.get('PORT')
                                or 29500))


def cpu_ddp_wrapper(cfg) -> dict:
    """``model_wrapper_cfg`` for CPU modules: the config's own wrapper (or
    mmengine's default one, with its defaults) and ``device_ids=None``."""
    wrapper = dict(cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel', broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False)))
    wrapper.setdefault('type', 'MMDistributedDataParallel')
    from mmengine.registry import MODEL_WRAPPERS
    from torch.nn.parallel import DistributedDataParallel
    cls = wrapper['type'] if isinstance(wrapper['type'], type) else \
        MODEL_WRAPPERS.get(wrapper['type'])
    if cls is not None and issubclass(cls, DistributedDataParallel):
        wrapper['device_ids'] = None  # mmengine's default: [LOCAL_RANK]
    return wrapper


def setup_distributed(cfg, launcher: str, evaluation: bool = False):
    """Initialise torch.distributed for ``launcher`` (``none``: nothing)
    and adapt ``cfg`` to the device: gloo and DDP without ``device_ids``
    on CPUs, NCCL and one GPU per local rank otherwise; ``evaluation``
    (``tools/test.py``): :class:`DistributedEvalWrapper` instead of DDP.
    The backend and timeout come from ``env_cfg.dist_cfg`` when the config
    sets them."""
    cfg.launcher = launcher
    if launcher == 'none':
        return cfg
    import torch
    import torch.distributed as dist
    if launcher == 'slurm':
        os.environ.update(slurm_env())
    elif launcher != 'pytorch':
        raise ValueError(f'--launcher {launcher}: expected none, pytorch or '
                         'slurm')
    for key in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT'):
        if key not in os.environ:
            raise RuntimeError(
                f'--launcher {launcher}: {key} is not set; start the job with '
                'tools/dist_train.sh (torchrun) or tools/slurm_train.sh')
    gpu = torch.cuda.is_available()
    dist_cfg = dict((cfg.get('env_cfg') or {}).get('dist_cfg') or {})
    backend = dist_cfg.pop('backend', None) or ('nccl' if gpu else 'gloo')
    if not gpu and backend == 'nccl':
        backend = 'gloo'  # a GPU config run on a CPU machine
    timeout = dist_cfg.pop('timeout', None)
    dist_cfg.pop('init_backend', None)
    kwargs = dict(dist_cfg)  # other init_process_group arguments
    if timeout is not None:
        kwargs['timeout'] = datetime.timedelta(seconds=timeout)
    if gpu:
        torch.cuda.set_device(int(os.environ.get('LOCAL_RANK', 0)))
    if evaluation:
        cfg.model_wrapper_cfg = dict(type='skelact.DistributedEvalWrapper')
    elif not gpu:
        cfg.model_wrapper_cfg = cpu_ddp_wrapper(cfg)
    if not dist.is_initialized():
        dist.init_process_group(backend=backend, **kwargs)
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg['backend'] = backend
    return cfg
