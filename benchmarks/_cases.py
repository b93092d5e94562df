"""The measurements of benchmarks/run.py: matrix peak, a method's data
path and training step, its FLOP per sample, the authors' AimCLR step,
batched against per-sample augmentation, and the memory case."""
import copy
import os
import os.path as osp
import pickle
import subprocess
import sys
import time

import numpy as np
import torch

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# name -> (config, frames of the synthetic records)
METHODS = {
    'AimCLR': 'configs/aimclr/stgcn_ntu60_xsub.py',
    'SkeletonCLR': 'configs/skeletonclr/stgcn_ntu60_xsub.py',
    'ST-GCN (supervised)': 'configs/stgcn/stgcn_ntu60_xsub.py',
    'ConMLP': 'configs/conmlp/mlp_ntu60_xsub.py',
    'TransAimCLR': 'configs/transaimclr/transformer_ntu60_xsub.py',
    'MBAimCLR (DSTformer)': 'configs/mbaimclr/dstformer_ntu60_xsub.py',
}


def best_time(fn, iters, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def matrix_peak(dtype, n=1024, iters=5):
    """GFLOP/s of an n x n matmul in ``dtype`` (best of ``iters``)."""
    a = torch.randn(n, n).to(dtype)
    b = torch.randn(n, n).to(dtype)
    return 2 * n ** 3 / best_time(lambda: a @ b, iters) / 1e9


def load_cfg(path):
    from mmengine.config import Config
    return Config.fromfile(osp.join(ROOT, path))


def _frames(cfg):
    bb = cfg.model.get('backbone', {})
    return int(bb.get('num_frames', 50))


def records(cfg, n, seed=0):
    from skelact.skeletons import get_layout
    v = get_layout('nturgb+d').num_joints
    rng = np.random.default_rng(seed)
    t = _frames(cfg)
    return [dict(keypoint=rng.normal(0, 0.3, (2, t, v, 3)).astype('f4'),
                 label=int(i % 60), total_frames=t, img_shape=(1080, 1920),
                 sample_name=f'S001C001P001R001A{i % 60 + 1:03d}')
            for i in range(n)]


def pipeline_of(cfg):
    from skelact.datasets.transforms.wrappers import build_pipeline
    ds = cfg.train_dataloader.dataset
    return build_pipeline(ds.get('pipeline') or cfg.train_pipeline)


def data_path(cfg, batch, iters):
    """Samples/s of the train pipeline + collate, one process."""
    from mmengine.dataset import pseudo_collate
    pipe = pipeline_of(cfg)
    recs = records(cfg, batch)
    np.random.seed(0)

    def run():
        return pseudo_collate([pipe(copy.deepcopy(r)) for r in recs])

    return batch / best_time(run, iters), run()


def build_model(cfg, queue=None):
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    mcfg = copy.deepcopy(cfg.model)
    if queue is not None and 'queue_size' in mcfg:
        mcfg.queue_size = queue
    model = MODELS.build(mcfg).train()
    if hasattr(model, 'hooks_verified'):
        model.hooks_verified = True
    return model


def train_step(model, data, bf16=False):
    """One optimisation step as a Runner runs it: preprocess, forward,
    loss, backward, SGD, momentum update and enqueue."""
    from mmengine.optim import OptimWrapper
    from skelact.engine.optim_wrapper import CPUAutocastOptimWrapper
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=1e-3, momentum=0.9)
    wrapper = CPUAutocastOptimWrapper(opt) if bf16 else OptimWrapper(opt)

    def step():
        if hasattr(model, 'momentum_update'):
            model.momentum_update()
        model.train_step(data, wrapper)
        if hasattr(model, 'enqueue_pending'):
            model.enqueue_pending()
    return step


def gflop_per_sample(model, data, batch):
    from torch.utils.flop_counter import FlopCounterMode
    inputs = model.data_preprocessor(data, True)
    counter = FlopCounterMode(display=False)
    with counter:
        losses = model(**inputs, mode='loss')
        sum(v for v in losses.values() if v.requires_grad).backward()
    model.zero_grad(set_to_none=True)
    if hasattr(model, '_pending_keys'):
        model._pending_keys = None
    return counter.get_total_flops() / batch / 1e9


# --- the authors' AimCLR (Levigty/AimCLR, an extracted copy) -------------

def original_aimclr(path, queue):
    """The authors' ``net.aimclr.AimCLR`` at the paper's settings, on CPU
    (their enqueue indexes by the GPU; here the same slice at index 0)."""
    import types
    if not osp.isfile(osp.join(path, 'net', 'aimclr.py')):
        raise SystemExit(f'--compare-original: {path} has no net/aimclr.py '
                         '(an extracted copy of Levigty/AimCLR)')
    sys.path.insert(0, path)
    import importlib
    if 'torchlight' not in sys.modules:
        stub = types.ModuleType('torchlight')

        def import_class(name):
            mod, _, cls = name.rpartition('.')
            return getattr(importlib.import_module(mod), cls)
        stub.import_class = import_class
        sys.modules['torchlight'] = stub
    net = importlib.import_module('net.aimclr')

    class CPUAimCLR(net.AimCLR):
        @torch.no_grad()
        def _dequeue_and_enqueue(self, keys):
            ptr = int(self.queue_ptr)
            self.queue[:, ptr:ptr + keys.shape[0]] = keys.T

    return CPUAimCLR(
        base_encoder='net.st_gcn.Model', pretrain=True, feature_dim=128,
        queue_size=queue, momentum=0.999, Temperature=0.07, mlp=True,
        in_channels=3, hidden_channels=16, hidden_dim=256, num_class=60,
        dropout=0.5, graph_args={'layout': 'ntu-rgb+d',
                                 'strategy': 'spatial'},
        edge_importance_weighting=True).train()


def original_step(model, batch, frames=50):
    """processor/pretrain_aimclr.py's first-stage step (SGD 0.1)."""
    views = [torch.randn(batch, 3, frames, 25, 2) for _ in range(3)]
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=1e-4)
    ce = torch.nn.CrossEntropyLoss()
    real_cuda = torch.Tensor.cuda

    def step():
        torch.Tensor.cuda = lambda self, *a, **k: self  # labels .cuda()
        try:
            out1, target1, out2, out3, target2 = model(*views)
        finally:
            torch.Tensor.cuda = real_cuda
        model.update_ptr(out1.size(0))
        loss = ce(out1, target1) + (
            -torch.mean(torch.sum(torch.log(out2) * target2, dim=1))
            - torch.mean(torch.sum(torch.log(out3) * target2, dim=1))) / 2.
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


# --- batched (device) against per-sample augmentation --------------------

def augment_throughput(batch, iters):
    """Samples/s of AimCLR's three views per sample: the per-sample
    pipelines (MultiView, numpy) and the batched ones (torch, CPU)."""
    from skelact.datasets.transforms.wrappers import build_pipeline
    from skelact.models.data_preprocessors import build_batch_augment
    cfg = load_cfg('configs/_base_/pipelines/contrastive_views.py')
    recs = records(load_cfg(METHODS['AimCLR']), batch)
    pipes = [build_pipeline(cfg.extreme_aug), build_pipeline(cfg.normal_aug)]

    def per_sample():
        for r in recs:
            for p, n in zip(pipes, (1, 2)):
                for _ in range(n):
                    p(dict(keypoint=r['keypoint'].copy()))

    batched = [build_batch_augment(cfg.extreme_aug),
               build_batch_augment(cfg.normal_aug)]
    x = torch.from_numpy(np.stack([r['keypoint'] for r in recs]))
    g = torch.Generator().manual_seed(0)

    def on_tensors():
        for p, n in zip(batched, (1, 2)):
            for _ in range(n):
                p(x, g)

    return (batch / best_time(per_sample, iters),
            batch / best_time(on_tensors, iters))


# --- memory: an NTU-120-sized memory-mapped array, 2 workers -------------

NTU120_TRAIN = 63026  # NTU-120 cross-subject training samples


def memory_case(work, samples=NTU120_TRAIN, iterate=None):
    """Peak RSS (GiB) of the main process and of the largest worker while
    iterating an AimCLR-layout array of ``samples`` (sparse zeros on disk)
    with 2 loader workers; run in a fresh process."""
    os.makedirs(work, exist_ok=True)
    arr = np.lib.format.open_memmap(
        osp.join(work, 'train_position.npy'), mode='w+', dtype='f4',
        shape=(samples, 3, 50, 25, 2))
    arr[:, :, :, :, 0] = 0.1  # one person present in every frame
    arr.flush()
    del arr
    names = [f'S001C001P{i % 100 + 1:03d}R001A{i % 120 + 1:03d}'
             for i in range(samples)]
    with open(osp.join(work, 'train_label.pkl'), 'wb') as f:
        pickle.dump((names, [i % 120 for i in range(samples)]), f)
    code = (
        'import sys, resource, torch\n'
        f'sys.path.insert(0, {ROOT!r})\n'
        'from skelact.datasets import AimCLRDataset\n'
        'from mmengine.dataset import pseudo_collate\n'
        f'ds = AimCLRDataset({work!r}, split="train", '
        'pipeline=[dict(type="PackSkeletonInputs")])\n'
        f'n = len(ds) if {iterate!r} is None else {iterate!r}\n'
        'sub = torch.utils.data.Subset(ds, range(n))\n'
        'dl = torch.utils.data.DataLoader(sub, batch_size=128, '
        'num_workers=2, collate_fn=pseudo_collate, '
        'persistent_workers=True)\n'
        'seen = sum(len(b["data_samples"]) for b in dl)\n'
        # VmHWM (peak RSS of this address space; ru_maxrss would keep the
        # parent's peak across exec)
        'def hwm(pid):\n'
        '    for line in open(f"/proc/{pid}/status"):\n'
        '        if line.startswith("VmHWM"):\n'
        '            return int(line.split()[1])\n'
        'kids = max(hwm(w.pid) for w in dl._iterator._workers)\n'
        'print(seen, hwm("self"), kids)\n')
    start = time.perf_counter()
    out = subprocess.run([sys.executable, '-c', code], capture_output=True,
                         text=True, check=True)
    seconds = time.perf_counter() - start
    seen, me, kids = out.stdout.split()[-3:]
    gib = 1024 ** 2  # VmHWM is in KiB
    size = samples * 3 * 50 * 25 * 2 * 4 / 1024 ** 3
    return dict(samples=int(seen), array_gib=size,
                peak_rss_main_gib=int(me) / gib,
                peak_rss_worker_gib=int(kids) / gib, seconds=seconds)
