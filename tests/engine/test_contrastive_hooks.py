"""Momentum-update, memory-bank and NNM-switch hooks (unit, with a fake
runner), and a tiny AimCLR trained through mmengine's Runner whose resume
restores the queue, its pointer, the key encoder and the training stage."""
import copy
import math
import os.path as osp
import types

import pytest
import torch
import torch.nn.functional as F

import skelact.engine  # noqa: F401
import skelact.models  # noqa: F401
from skelact.engine.hooks.memory_bank import MemoryBankHook
from skelact.engine.hooks.momentum_update import MomentumUpdateHook
from skelact.engine.hooks.nnm_switch import NNMSwitchHook
from skelact.registry import MODELS

Q, D = 32, 4


@pytest.fixture(autouse=True, scope='module')
def one_thread():
    """Tiny tensors: one thread is much faster on a shared 2-core machine."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)
MODEL = dict(
    type='AimCLR',
    backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
    neck=dict(type='GlobalAveragePooling'),
    projector=dict(type='MLPProjector', in_channels=8, hidden_channels=8,
                   out_channels=D),
    queue_size=Q, feature_dim=D, temperature=0.1, momentum=0.9)


class Log:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


def fake_runner(model, epoch=0):
    return types.SimpleNamespace(model=model, epoch=epoch, logger=Log())


# -- hooks with a fake runner ---------------------------------------------
def test_momentum_update_hook_updates_key_encoder():
    torch.manual_seed(0)
    model = MODELS.build(MODEL)
    with torch.no_grad():
        for p in model.backbone.parameters():
            p.add_(1.0)
    k0 = [p.clone() for p in model.momentum_encoder.parameters()]
    q0 = [p.clone() for m in model.query_modules() for p in m.parameters()]
    MomentumUpdateHook().before_train_iter(fake_runner(model), 0, None)
    for k, a, b in zip(model.momentum_encoder.parameters(), k0, q0):
        torch.testing.assert_close(k, 0.9 * a + 0.1 * b, rtol=1e-6,
                                   atol=1e-7)


def test_memory_bank_hook_enqueues_pending_keys():
    torch.manual_seed(0)
    model = MODELS.build(MODEL)
    keys = F.normalize(torch.randn(4, D), dim=1)
    runner = fake_runner(model)
    MemoryBankHook().after_train_iter(runner, 0)  # nothing pending
    assert int(model.queue_ptr) == 0
    model._pending_keys = keys
    MemoryBankHook().after_train_iter(runner, 0, None, None)
    torch.testing.assert_close(model.queue[:4], keys)
    assert int(model.queue_ptr) == 4 and model._pending_keys is None


def test_nnm_switch_hook_epoch_semantics():
    model = MODELS.build(MODEL)
    hook = NNMSwitchHook(mining_epoch=2)
    states = []
    for epoch in range(5):
        runner = fake_runner(model, epoch)
        hook.before_train_epoch(runner)
        states.append(bool(model.nnm_active))
        # a message only when the stage changes
        assert len(runner.logger.lines) == (1 if epoch == 2 else 0)
    # 0-based epoch >= mining_epoch: 2 epochs of L1, NNM from index 2
    assert states == [False, False, True, True, True]
    # resuming into an earlier epoch switches it back off
    hook.before_train_epoch(fake_runner(model, 1))
    assert not bool(model.nnm_active)


def test_nnm_switch_hook_starts_at_the_151st_epoch():
    """The paper's and the authors' two stages: L1 for epochs 1-150, NNM
    (L2) from the 151st (0-based index 150) on."""
    model = MODELS.build(MODEL)  # mining_epoch 150
    hook = NNMSwitchHook()
    for epoch, active in ((0, False), (149, False), (150, True), (299, True)):
        hook.before_train_epoch(fake_runner(model, epoch))
        assert bool(model.nnm_active) is active, epoch


def test_nnm_switch_hook_none_keeps_off():
    model = MODELS.build(MODEL)
    hook = NNMSwitchHook(mining_epoch=None)
    for epoch in (0, 10, 1000):
        hook.before_train_epoch(fake_runner(model, epoch))
        assert not bool(model.nnm_active)
    model.set_nnm(True)
    hook.before_train_epoch(fake_runner(model, 5))
    assert not bool(model.nnm_active)


def test_hooks_registered_and_ordered():
    from skelact.registry import HOOKS
    for name in ('MomentumUpdateHook', 'MemoryBankHook', 'NNMSwitchHook'):
        assert HOOKS.get(name) is not None, name


# -- through the Runner ----------------------------------------------------
def aimclr_config(data_dir, work_dir, max_epochs=3, **overrides):
    crop = dict(type='UniformSample', clip_len=8, test_mode=True)  # T = 8
    multiview = [
        crop,
        dict(type='MultiView',
             transforms=[[dict(type='Shear')], [dict(type='Shear')]],
             num_views=[1, 2]),
        dict(type='PackSkeletonInputs')]
    plain = [crop, dict(type='PackSkeletonInputs')]

    def loader(split, pipeline, shuffle, drop_last=False):
        return dict(batch_size=4, num_workers=0, drop_last=drop_last,
                    sampler=dict(type='DefaultSampler', shuffle=shuffle),
                    dataset=dict(type='SkelactDataset', ann_file=data_dir,
                                 split=split, pipeline=pipeline,
                                 test_mode=not shuffle))

    cfg = dict(
        default_scope='skelact',
        work_dir=work_dir,
        model=copy.deepcopy(MODEL),
        train_dataloader=loader('train', multiview, True, drop_last=True),
        train_cfg=dict(type='EpochBasedTrainLoop', max_epochs=max_epochs),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9,
                                          weight_decay=1e-4)),
        custom_hooks=[
            dict(type='MomentumUpdateHook'),
            dict(type='MemoryBankHook'),
            dict(type='NNMSwitchHook', mining_epoch=1),
            dict(type='RNGStateHook'),
            dict(type='KNNEvalHook', interval=3, k=5, temperature=0.1,
                 train_dataloader=loader('train', plain, False),
                 val_dataloader=loader('val', plain, False)),
        ],
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=1),
            logger=dict(type='LoggerHook', interval=1)),
        env_cfg=dict(dist_cfg=dict(backend='gloo')),
        randomness=dict(seed=0),
        log_level='WARNING',
        experiment_name=osp.basename(work_dir),  # one per Runner
    )
    cfg.update(overrides)
    return cfg


@pytest.fixture(scope='module')
def trained(tiny_dataset, tmp_path_factory):
    """3 epochs x 6 iterations (24 training clips, batch 4, drop_last),
    queue 32: 72 keys, pointer 8; NNM on from the second epoch."""
    from mmengine.runner import Runner
    work = str(tmp_path_factory.mktemp('aimclr_work'))
    runner = Runner.from_cfg(aimclr_config(tiny_dataset, work))
    model = runner.model
    init_queue = model.queue.clone()
    runner.train()
    losses = runner.message_hub.get_scalar('train/loss').data[0]
    knn = runner.message_hub.get_scalar('knn/top1').current()
    return dict(runner=runner, work=work, init_queue=init_queue,
                losses=list(losses), knn=knn, data=tiny_dataset)


def test_training_runs_and_updates_state(trained):
    model = trained['runner'].model
    losses = trained['losses']
    assert len(losses) == 18
    assert all(math.isfinite(v) for v in losses)
    # the queue holds the keys of the last iterations, pointer 72 % 32
    assert int(model.queue_ptr) == 8
    assert not torch.allclose(model.queue, trained['init_queue'])
    torch.testing.assert_close(model.queue.norm(dim=1), torch.ones(Q))
    assert bool(model.nnm_active)  # epoch index 2 >= mining_epoch 1
    # the key encoder moved away from the query encoder but tracks it
    diff = [(k - q).abs().max().item() for q, k in zip(
        [p for m in model.query_modules() for p in m.parameters()],
        model.momentum_encoder.parameters())]
    assert max(diff) > 0
    assert all(not p.requires_grad
               for p in model.momentum_encoder.parameters())
    assert 0.0 <= trained['knn'] <= 1.0


def _state(ckpt_path):
    from skelact.utils.safe_load import safe_torch_load
    return safe_torch_load(ckpt_path)


def test_checkpoint_carries_queue_pointer_key_encoder_and_stage(trained):
    ckpt = _state(osp.join(trained['work'], 'epoch_3.pth'))
    state = ckpt['state_dict']
    for key in ('queue', 'queue_ptr', 'nnm_active'):
        assert key in state, key
    assert any(k.startswith('momentum_encoder.backbone.') for k in state)
    assert any(k.startswith('momentum_encoder.projector.') for k in state)
    live = trained['runner'].model.state_dict()
    assert set(live) == set(state)
    for k, v in live.items():
        assert torch.equal(v.cpu(), state[k]), k


def test_resume_restores_queue_pointer_key_encoder_and_stage(trained,
                                                             tmp_path):
    from mmengine.runner import Runner
    path = osp.join(trained['work'], 'epoch_3.pth')
    saved = _state(path)['state_dict']
    # a fresh run would start from other values
    cfg = aimclr_config(trained['data'], str(tmp_path / 'resume'),
                        resume=True, load_from=path)
    cfg['randomness'] = dict(seed=123)
    runner = Runner.from_cfg(cfg)
    fresh = runner.model.state_dict()
    assert not torch.equal(fresh['queue'], saved['queue'])
    assert not torch.equal(fresh['queue_ptr'], saved['queue_ptr'])
    assert not torch.equal(fresh['nnm_active'], saved['nnm_active'])
    # max_epochs reached: train() only loads the checkpoint
    runner.train()
    assert runner.epoch == 3 and runner.iter == 18
    model = runner.model
    after = model.state_dict()
    assert set(after) == set(saved)
    for k, v in saved.items():
        assert torch.equal(after[k].cpu(), v), k
    assert int(model.queue_ptr) == 8 and bool(model.nnm_active)
    assert model._pending_keys is None


def test_resume_continues_training(trained, tmp_path):
    """One more epoch after the resume: the stage stays on, and the queue
    and pointer move on from the restored ones."""
    from mmengine.runner import Runner
    path = osp.join(trained['work'], 'epoch_3.pth')
    saved = _state(path)['state_dict']
    cfg = aimclr_config(trained['data'], str(tmp_path / 'more'),
                        max_epochs=4, resume=True, load_from=path)
    cfg['custom_hooks'] = cfg['custom_hooks'][:4]  # without KNN
    runner = Runner.from_cfg(cfg)
    runner.train()
    model = runner.model
    assert runner.iter == 24
    assert int(model.queue_ptr) == (8 + 6 * 4) % Q
    assert bool(model.nnm_active)
    # 6 new batches overwrote rows 8..31; rows 0..7 are the saved ones
    torch.testing.assert_close(model.queue[:8], saved['queue'][:8])
    assert not torch.equal(model.queue[8:], saved['queue'][8:])


# -- declared hooks ----------------------------------------------------------
def test_models_declare_their_hooks():
    model = MODELS.build(copy.deepcopy(MODEL))  # AimCLR, NNM at epoch 150
    assert [h['type'] for h in model.required_hooks()] == [
        'MomentumUpdateHook', 'MemoryBankHook', 'NNMSwitchHook']
    no_nnm = MODELS.build(dict(copy.deepcopy(MODEL), mining_epoch=None))
    assert [h['type'] for h in no_nnm.required_hooks()] == [
        'MomentumUpdateHook', 'MemoryBankHook']
    clr = MODELS.build(dict(copy.deepcopy(MODEL), type='SkeletonCLR'))
    assert len(clr.required_hooks()) == 2


def test_runner_without_the_hooks_refuses_to_train(tiny_dataset, tmp_path):
    """A hand-built Runner whose config forgets the hooks stops before the
    first update instead of training with a frozen key encoder and queue."""
    from mmengine.runner import Runner
    cfg = aimclr_config(tiny_dataset, str(tmp_path / 'none'), max_epochs=1,
                        custom_hooks=[dict(type='RNGStateHook')])
    runner = Runner.from_cfg(cfg)
    before = copy.deepcopy(runner.model.state_dict())
    with pytest.raises(RuntimeError, match='MomentumUpdateHook'):
        runner.train()
    for k, v in runner.model.state_dict().items():
        assert torch.equal(v, before[k]), k  # nothing was updated


def test_runner_missing_one_hook_stops_at_before_train(tiny_dataset,
                                                       tmp_path):
    from mmengine.runner import Runner
    from skelact.engine.hooks.required import MissingHookError
    cfg = aimclr_config(tiny_dataset, str(tmp_path / 'one'), max_epochs=1,
                        custom_hooks=[dict(type='MomentumUpdateHook')])
    runner = Runner.from_cfg(cfg)
    with pytest.raises(MissingHookError,
                       match='MemoryBankHook, NNMSwitchHook'):
        runner.train()
    assert runner.iter == 0


def test_add_required_hooks_trains_the_key_encoder_and_queue(tiny_dataset,
                                                             tmp_path):
    """What tools/train.py does: add the declared hooks a config forgot;
    the queue, its pointer, the key encoder and the stage then move."""
    from mmengine.runner import Runner
    from skelact.engine.hooks.required import add_required_hooks
    model_cfg = dict(copy.deepcopy(MODEL), mining_epoch=0)
    cfg = aimclr_config(tiny_dataset, str(tmp_path / 'added'), max_epochs=2,
                        model=model_cfg, custom_hooks=[])
    runner = Runner.from_cfg(cfg)
    model = runner.model
    queue = model.queue.clone()
    assert add_required_hooks(runner) == [
        'MomentumUpdateHook', 'MemoryBankHook', 'NNMSwitchHook']
    assert add_required_hooks(runner) == []  # idempotent
    runner.train()
    assert int(model.queue_ptr) == (2 * 6 * 4) % Q
    assert not torch.equal(model.queue, queue)
    assert bool(model.nnm_active)  # epoch index 1 >= mining_epoch 0
    diff = [(k - q).abs().max().item() for q, k in zip(
        [p for m in model.query_modules() for p in m.parameters()],
        model.momentum_encoder.parameters())]
    assert 0 < max(diff)


def test_nnm_switch_hook_reads_the_models_mining_epoch():
    model = MODELS.build(dict(copy.deepcopy(MODEL), mining_epoch=2))
    hook = NNMSwitchHook()  # mining_epoch='model'
    states = []
    for epoch in range(5):
        hook.before_train_epoch(fake_runner(model, epoch))
        states.append(bool(model.nnm_active))
    assert states == [False, False, True, True, True]
    with pytest.raises(ValueError, match='mining_epoch'):
        NNMSwitchHook(mining_epoch='150')
