"""ConMLP learns on the synthetic set: a short in-process pretraining (the
synthetic config's model, views and losses, its pipeline) lowers NT-Xent
and the reconstruction loss, and a linear probe on the frozen encoder
(eval mode) scores far above chance. The full comparison through the tools
(pretrain, --protocol linear against --checkpoint none) is
benchmarks/conmlp_synthetic_linear.py."""
import copy
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate

from conftest import ROOT

CONFIGS = osp.join(ROOT, 'configs', 'conmlp')


@pytest.fixture(scope='module')
def synthetic():
    """The synthetic split after the config's `preprocess` (once)."""
    import skelact.datasets  # noqa: F401
    from skelact.registry import DATASETS
    cfg = Config.fromfile(osp.join(CONFIGS, 'mlp_synthetic_xsub.py'))
    out = {}
    for key in ('train_dataset', 'val_dataset'):
        ds = DATASETS.build(dict(cfg[key], pipeline=cfg.preprocess))
        out[key] = [ds[i] for i in range(len(ds))]
    return out


def _pretrain(name, train, iters, seed=0):
    import skelact.models  # noqa: F401
    from skelact.datasets.transforms import build_pipeline
    from skelact.registry import MODELS
    cfg = Config.fromfile(osp.join(CONFIGS, name))
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = MODELS.build(cfg.model).train()
    views = build_pipeline(
        cfg.train_dataloader.dataset.pipeline[len(cfg.preprocess):])
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=0.9,
                          weight_decay=5e-4)
    history = []
    for _ in range(iters):
        idx = np.random.choice(len(train), 64, replace=False)
        batch = pseudo_collate([views(copy.deepcopy(train[i])) for i in idx])
        losses = model(**model.data_preprocessor(batch, True), mode='loss')
        opt.zero_grad()
        sum(losses.values()).backward()
        opt.step()
        history.append({k: v.item() for k, v in losses.items()})
    return model, history


def _probe(model, train, val):
    """A linear classifier on frozen features (eval mode), full batch."""
    def feats(items):
        x = torch.from_numpy(np.stack([s['keypoint'] for s in items]))
        with torch.no_grad():
            return model.eval().extract_feat(x.float())
    ftr, fva = feats(train), feats(val)
    ytr = torch.tensor([s['label'] for s in train])
    yva = torch.tensor([s['label'] for s in val])
    torch.manual_seed(0)
    fc = torch.nn.Linear(ftr.shape[1], int(ytr.max()) + 1)
    opt = torch.optim.SGD(fc.parameters(), lr=0.1, momentum=0.9)
    for _ in range(200):
        loss = torch.nn.functional.cross_entropy(fc(ftr), ytr)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return (fc(fva).argmax(1) == yva).float().mean().item()


def _recon_error(model, items):
    """MSE of the decoder's reconstruction of clean samples (eval mode)."""
    x = torch.from_numpy(np.stack([s['keypoint'] for s in items])).float()
    with torch.no_grad():
        model.eval()
        recon = model.decoder(model.extract_feat(x)).reshape(x.shape)
    return torch.nn.functional.mse_loss(recon, x).item()


def _mean(history, key, part):
    return np.mean([h[key] for h in part(history)])


@pytest.mark.parametrize('name', ['mlp_synthetic_xsub.py',
                                  'mlp_synthetic_xsub_recon.py'])
def test_conmlp_pretrains_on_the_synthetic_set(name, synthetic):
    torch.set_num_threads(2)
    train, val = synthetic['train_dataset'], synthetic['val_dataset']
    if 'recon' in name:
        untrained, _ = _pretrain(name, train, iters=0)
        before = _recon_error(untrained, train[:128])
    model, history = _pretrain(name, train, iters=25)
    first, last = (lambda h: h[:5]), (lambda h: h[-5:])
    assert _mean(history, 'loss_con', last) < \
        0.9 * _mean(history, 'loss_con', first)
    if 'recon' in name:
        assert _recon_error(model, train[:128]) < 0.97 * before
    acc = _probe(model, train, val)
    assert acc > 0.4  # 10 classes: chance is 0.1
