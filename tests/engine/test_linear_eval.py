"""LinearEvalHook: the cached-feature linear classifier (learns, seeded,
RNG-neutral), the DDP gather logic (shards of mmengine's DefaultSampler,
padding removed), and the hook on a tiny encoder with a fake runner."""
import random
import types

import numpy as np
import pytest
import torch

from skelact.evaluation.cached_linear import (fit_linear_classifier,
                                              unique_by_index)


def _blobs(n, seed):
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 3
    x = torch.randn(n, 8, generator=g) * 0.5
    x[torch.arange(n), y] += 2.0  # class c shifts feature c
    return x, y


def test_linear_classifier_learns_and_is_seeded_and_rng_neutral():
    x, y = _blobs(90, 0)
    xt, yt = _blobs(60, 1)
    torch.manual_seed(123)
    before = torch.get_rng_state()
    out = fit_linear_classifier(x, y, xt, yt, 3, epochs=10, batch_size=16,
                                lr=0.5, milestones=(8,), eval_interval=5)
    assert torch.equal(torch.get_rng_state(), before)
    assert out['top1'] > 0.9 and out['top5'] == 1.0  # chance: 1/3
    assert out['best_top1'] >= out['top1']
    again = fit_linear_classifier(x, y, xt, yt, 3, epochs=10, batch_size=16,
                                  lr=0.5, milestones=(8,), eval_interval=5)
    assert again == out
    other = fit_linear_classifier(x, y, xt, yt, 3, epochs=1, batch_size=16,
                                  lr=0.5, seed=1)
    assert set(other) == {'top1', 'top5'}


def test_linear_classifier_steps_are_sgd_on_autograd_gradients():
    """The written-out step equals nn.Linear + cross-entropy gradients from
    autograd and torch.optim.SGD's documented update (weight decay,
    momentum with v = g at the first step, the lr milestone), fed the same
    initial weights and batches. (torch.optim itself is not built here:
    its first use imports torch._dynamo, seconds on a loaded CPU.)"""
    import math
    from skelact.evaluation.cached_linear import train_linear
    x, y = _blobs(20, 2)
    w, b = train_linear(x, y, 3, epochs=3, batch_size=8, lr=0.3,
                        momentum=0.9, weight_decay=0.01, milestones=(2,),
                        gamma=0.1, seed=5)
    gen = torch.Generator().manual_seed(5)
    bound = 1 / math.sqrt(8)
    lin = torch.nn.Linear(8, 3)
    with torch.no_grad():
        lin.weight.copy_((torch.rand(3, 8, generator=gen) * 2 - 1) * bound)
        lin.bias.copy_((torch.rand(3, generator=gen) * 2 - 1) * bound)
    bufs = [None, None]
    for epoch in range(3):
        lr = 0.3 * (0.1 if epoch >= 2 else 1.0)
        perm = torch.randperm(20, generator=gen)
        for start in range(0, 20, 8):
            idx = perm[start:start + 8]
            lin.zero_grad()
            torch.nn.functional.cross_entropy(lin(x[idx]), y[idx]).backward()
            with torch.no_grad():
                for i, p in enumerate((lin.weight, lin.bias)):
                    d = p.grad + 0.01 * p
                    bufs[i] = d.clone() if bufs[i] is None else \
                        0.9 * bufs[i] + d
                    p -= lr * bufs[i]
    torch.testing.assert_close(w, lin.weight.detach(), rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(b, lin.bias.detach(), rtol=1e-5, atol=1e-6)


def test_gathered_shards_give_the_dataset_once(monkeypatch):
    """Two ranks of mmengine's DefaultSampler over 5 samples (padded to 6,
    index 0 twice), gathered rank after rank as all_gather does."""
    import mmengine.dataset.sampler as sampler_mod
    from mmengine.dataset import DefaultSampler
    feats = torch.arange(5.0)[:, None] * torch.ones(1, 3)
    labels = torch.tensor([0, 1, 2, 0, 1])
    shards = []
    for rank in range(2):
        monkeypatch.setattr(sampler_mod, 'get_dist_info',
                            lambda r=rank: (r, 2))
        idx = torch.tensor(list(DefaultSampler(list(range(5)),
                                               shuffle=False)))
        shards.append((feats[idx], labels[idx], idx))
    assert [len(s[2]) for s in shards] == [3, 3]
    gathered = [torch.cat([s[i] for s in shards]) for i in range(3)]
    assert gathered[2].tolist() == [0, 2, 4, 1, 3, 0]
    f, lab = unique_by_index(*gathered)
    torch.testing.assert_close(f, feats)
    assert lab.tolist() == labels.tolist()
    with pytest.raises(ValueError, match='3 features, 3 labels, 2 indices'):
        unique_by_index(feats[:3], labels[:3], torch.tensor([0, 1]))


class _Hub:
    def __init__(self):
        self.scalars = {}

    def update_scalar(self, key, value):
        self.scalars[key] = value


def _fake_runner(model, epoch, max_epochs):
    from mmengine.runner import Runner
    log = types.SimpleNamespace(lines=[])
    log.info = log.lines.append
    return types.SimpleNamespace(
        model=model, epoch=epoch, max_epochs=max_epochs, seed=0,
        train_loop=types.SimpleNamespace(max_epochs=max_epochs),
        build_dataloader=Runner.build_dataloader, message_hub=_Hub(),
        visualizer=types.SimpleNamespace(add_scalars=lambda *a, **k: None),
        logger=log)


def _loader(data, split, shuffle=False):
    return dict(batch_size=8, num_workers=0,
                sampler=dict(type='DefaultSampler', shuffle=shuffle),
                dataset=dict(type='SkelactDataset', ann_file=data,
                             split=split, test_mode=True,
                             pipeline=[dict(type='PackSkeletonInputs')]))


def test_hook_logs_linear_top1_and_leaves_training_untouched(tiny_dataset):
    import skelact.engine  # noqa: F401
    import skelact.models  # noqa: F401
    from mmengine.registry import DefaultScope
    from skelact.engine.hooks import LinearEvalHook
    from skelact.registry import MODELS
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='AimCLR',
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8, hidden_channels=8,
                       out_channels=4),
        queue_size=16, feature_dim=4))
    model.train()
    hook = LinearEvalHook(_loader(tiny_dataset, 'train'),
                          _loader(tiny_dataset, 'val'), interval=2,
                          epochs=5, batch_size=8, lr=0.1, milestones=(4,))
    with DefaultScope.overwrite_default_scope('skelact'):
        off = _fake_runner(model, epoch=0, max_epochs=4)  # epoch 1 of 4
        hook.after_train_epoch(off)
        assert off.message_hub.scalars == {}
        torch.manual_seed(7)
        np.random.seed(7)
        random.seed(7)
        states = (torch.get_rng_state(), np.random.get_state()[1].copy(),
                  random.getstate())
        weights = {k: v.clone() for k, v in model.state_dict().items()}
        on = _fake_runner(model, epoch=1, max_epochs=4)  # epoch 2: due
        hook.after_train_epoch(on)
    top1 = on.message_hub.scalars['linear/top1']
    assert 0.0 <= top1 <= 1.0 and 'linear/top5' in on.message_hub.scalars
    assert 'linear (24 train / 24 test clips' in on.logger.lines[0]
    assert torch.equal(torch.get_rng_state(), states[0])
    assert np.array_equal(np.random.get_state()[1], states[1])
    assert random.getstate() == states[2]
    assert model.training  # restored after the eval-mode extraction
    for k, v in model.state_dict().items():  # BN statistics untouched
        assert torch.equal(v, weights[k]), k
    # features match the model's own eval-mode forward, in dataset order
    feats, labels = LinearEvalHook.features(model, hook._loaders[1])
    assert feats.shape == (24, 8) and len(labels) == 24


def test_hook_refuses_a_shuffling_loader(tiny_dataset):
    import skelact.engine  # noqa: F401
    from mmengine.registry import DefaultScope
    from skelact.engine.hooks import LinearEvalHook
    hook = LinearEvalHook(_loader(tiny_dataset, 'train', shuffle=True),
                          _loader(tiny_dataset, 'val'), interval=1)
    with DefaultScope.overwrite_default_scope('skelact'), \
            pytest.raises(ValueError, match='train_dataloader.sampler must '
                          'not shuffle'):
        hook.after_train_epoch(_fake_runner(torch.nn.Linear(1, 1), 0, 1))
    with pytest.raises(ValueError, match='must be >= 1'):
        LinearEvalHook({}, {}, interval=0)
