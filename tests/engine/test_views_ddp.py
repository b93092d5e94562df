"""Packed views survive mmengine's DDP wrapper: a collated multi-view batch
goes through ``MMDistributedDataParallel.train_step`` (data preprocessor,
then DDP's forward) and gives the loss of the plain model (one CPU gloo
process)."""
import os
import socket
import subprocess
import sys
import textwrap

import pytest
import torch.distributed as dist

WORKER = textwrap.dedent('''
    import copy
    import sys

    import numpy as np
    import torch
    import torch.distributed as dist
    from mmengine.dataset import pseudo_collate
    from mmengine.model import MMDistributedDataParallel
    from mmengine.optim import OptimWrapper

    import skelact.models  # noqa: F401
    from skelact.registry import MODELS, TRANSFORMS
    from skelact.structures import Views

    torch.set_num_threads(1)
    dist.init_process_group('gloo')
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='SkeletonCLR',
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8,
                       hidden_channels=8, out_channels=4),
        queue_size=8, feature_dim=4, temperature=0.1, momentum=0.9))
    if hasattr(model, 'hooks_verified'):
        model.hooks_verified = True  # this loop does the updates itself
    pack = TRANSFORMS.build(dict(type='PackSkeletonInputs'))
    rng = np.random.default_rng(0)
    samples = [pack(dict(keypoint=Views(
        rng.normal(size=(1, 8, 25, 3)).astype(np.float32)
        for _ in range(2)), label=0)) for _ in range(4)]
    data = pseudo_collate(samples)
    plain = copy.deepcopy(model)
    ref = plain(**plain.data_preprocessor(data, True), mode='loss')
    ddp = MMDistributedDataParallel(module=model)
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    log = ddp.train_step(data, optim)
    torch.testing.assert_close(log['loss_info'], ref['loss_info'].detach())
    assert model._pending_keys.shape == (4, 4)
    print('OK')
''')


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def test_views_through_ddp_train_step(tmp_path):
    if not (dist.is_available() and dist.is_gloo_available()):
        pytest.skip('torch.distributed with gloo is not available')
    script = tmp_path / 'worker.py'
    script.write_text(WORKER)
    env = dict(os.environ, OMP_NUM_THREADS='1', MASTER_ADDR='127.0.0.1',
               MASTER_PORT=str(_free_port()), RANK='0', WORLD_SIZE='1',
               LOCAL_RANK='0')
    proc = subprocess.run([sys.executable, str(script)], capture_output=True,
                          text=True, timeout=180, env=env)
    assert proc.returncode == 0 and 'OK' in proc.stdout, \
        (proc.stdout + proc.stderr)[-4000:]
