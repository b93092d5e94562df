"""Strict checkpoint loading (skelact.apis.strict_load): a checkpoint of
another model, width or class count is refused with one summary; a
pretraining checkpoint given to an encoder loads the encoder strictly and
says what is not used; converted third-party checkpoints still load."""
import os.path as osp
import sys

import pytest
import torch
from mmengine.config import Config

import skelact.models  # noqa: F401
from skelact.apis.strict_load import (compare_state, plan_encoder_load,
                                      plan_model_load)
from skelact.registry import MODELS
from skelact.utils.errors import CheckpointMismatch

HERE = osp.dirname(osp.abspath(__file__))


def stgcn(width=8):
    return dict(type='STGCN', hidden_channels=4, hidden_dim=width)


def aimclr(width=8):
    return dict(type='AimCLR', backbone=stgcn(width),
                neck=dict(type='GlobalAveragePooling'),
                projector=dict(type='MLPProjector', in_channels=width,
                               hidden_channels=width, out_channels=4),
                queue_size=8, feature_dim=4)


def recognizer(width=8, num_classes=3, head=True, **kw):
    return dict(type='Recognizer', backbone=stgcn(width),
                neck=dict(type='GlobalAveragePooling'),
                head=dict(type='LinearHead', num_classes=num_classes,
                          in_channels=width) if head else None, **kw)


def save(tmp_path, name, model_cfg, state=None):
    """A checkpoint as mmengine writes it: state dict + saved config."""
    if state is None:
        state = MODELS.build(model_cfg).state_dict()
    path = str(tmp_path / name)
    torch.save(dict(state_dict=state,
                    meta=dict(cfg=Config(dict(model=model_cfg)).pretty_text)),
               path)
    return path


def run_cfg(model):
    return Config(dict(model=model))


def test_compare_counts_each_kind_of_difference():
    expected = {'a.w': (2, 3), 'a.b': (2,), 'bn.num_batches_tracked': ()}
    state = {'a.w': torch.zeros(2, 4), 'x': torch.zeros(1)}
    rep = compare_state(expected, state)
    assert rep.missing == ['a.b']  # num_batches_tracked is not required
    assert rep.unexpected == ['x']
    assert rep.mismatched == [('a.w', (2, 4), (2, 3))]
    assert rep.summary().startswith(
        '1 missing, 1 unexpected, 1 of another shape')
    assert 'a.w (2, 4) vs (2, 3)' in rep.summary()


def test_another_class_count_is_refused_with_a_summary(tmp_path):
    ckpt = save(tmp_path, 'c5.pth', recognizer(num_classes=5))
    with pytest.raises(CheckpointMismatch) as info:
        plan_model_load(run_cfg(recognizer(num_classes=3)), ckpt)
    msg = str(info.value)
    assert '\n' not in msg
    assert ckpt in msg and '0 missing, 0 unexpected, 2 of another shape' in msg
    assert 'head.fc.weight (5, 8) vs (3, 8)' in msg
    # what the run is and what the checkpoint was saved from
    assert 'Recognizer (STGCN, width 8, 3 classes)' in msg
    assert 'saved from Recognizer (STGCN, width 8, 5 classes)' in msg
    assert '--allow-partial' in msg


def test_another_width_and_another_model_are_refused(tmp_path):
    ckpt = save(tmp_path, 'w16.pth', recognizer(width=16))
    with pytest.raises(CheckpointMismatch, match='width 16'):
        plan_model_load(run_cfg(recognizer(width=8)), ckpt)
    # a supervised checkpoint without its head: the head is missing
    state = {k: v for k, v in MODELS.build(recognizer()).state_dict()
             .items() if not k.startswith('head.')}
    ckpt = save(tmp_path, 'nohead.pth', recognizer(head=False), state)
    with pytest.raises(CheckpointMismatch) as info:
        plan_model_load(run_cfg(recognizer()), ckpt)
    assert '2 missing' in str(info.value)
    assert 'head.fc.weight' in str(info.value)


def test_allow_partial_loads_the_matching_tensors(tmp_path):
    ckpt = save(tmp_path, 'c5.pth', recognizer(num_classes=5))
    plan = plan_model_load(run_cfg(recognizer()), ckpt, allow_partial=True)
    assert not plan.strict
    assert 'head.fc.weight' not in plan.state and plan.state
    assert all(k.startswith('backbone.') for k in plan.state)
    assert plan.note.startswith('--allow-partial: loaded')


def test_exact_checkpoint_loads_and_strips_the_ddp_prefix(tmp_path):
    model = MODELS.build(recognizer())
    state = {f'module.{k}': v for k, v in model.state_dict().items()}
    ckpt = save(tmp_path, 'ddp.pth', recognizer(), state)
    plan = plan_model_load(run_cfg(recognizer()), ckpt)
    assert plan.strict and plan.note is None
    assert set(plan.state) == set(model.state_dict())


def test_pretraining_checkpoint_into_an_encoder(tmp_path):
    ckpt = save(tmp_path, 'pre.pth', aimclr())
    # the KNN protocol's model: a Recognizer without head
    plan = plan_model_load(run_cfg(recognizer(head=False)), ckpt)
    assert plan.strict and set(plan.state) == set(
        MODELS.build(recognizer(head=False)).state_dict())
    n = len(plan.state)
    assert plan.note.startswith(f'loaded backbone.* ({n} tensors) from '
                                f'{ckpt}; the checkpoint\'s ')
    for part in ('projector', 'momentum_encoder', 'queue'):
        assert part in plan.note
    assert plan.note.endswith('are not used')
    # a linear protocol's encoder (the Pretrained initialiser's prefix)
    line = plan_encoder_load(run_cfg(recognizer()), ckpt)
    assert line.startswith(f'loaded backbone.* ({n} tensors) from {ckpt}')
    assert 'momentum_encoder' in line and 'not used' in line


def test_pretraining_checkpoint_of_another_width_is_refused(tmp_path):
    ckpt = save(tmp_path, 'pre.pth', aimclr(width=8))
    with pytest.raises(CheckpointMismatch) as info:
        plan_encoder_load(run_cfg(recognizer(width=16)), ckpt)
    msg = str(info.value)
    assert 'of another shape' in msg and 'backbone.' in msg
    assert 'saved from AimCLR (STGCN, width 8, no head)' in msg
    with pytest.raises(CheckpointMismatch, match='of another shape'):
        plan_model_load(run_cfg(recognizer(width=16, head=False)), ckpt)
    # allowed explicitly
    line = plan_encoder_load(run_cfg(recognizer(width=16)), ckpt,
                             allow_partial=True)
    assert line.startswith('--allow-partial: loaded')


def test_unconverted_checkpoint_names_the_converter(tmp_path):
    path = str(tmp_path / 'authors.pth')
    torch.save({'encoder_q.fc.weight': torch.zeros(2, 2)}, path)
    with pytest.raises(CheckpointMismatch, match='convert_ckpt.py'):
        plan_encoder_load(run_cfg(recognizer()), path)


def test_converted_third_party_checkpoints_load(tmp_path):
    sys.path.insert(0, osp.join(osp.dirname(HERE), 'utils'))
    import test_convert_aimclr as ref
    from skelact.utils.checkpoint import convert_file
    lin_src, _ = ref.linear_ckpt()
    pre_src, _, _ = ref.pretrain_ckpt()
    for name, src in (('lin', lin_src), ('pre', pre_src)):
        torch.save(src, str(tmp_path / f'{name}.pth.tar'))
        convert_file(str(tmp_path / f'{name}.pth.tar'),
                     str(tmp_path / f'{name}.pth'))
    bb = ref.backbone_cfg()
    rec = dict(type='Recognizer', frozen_backbone=True, backbone=bb,
               neck=dict(type='GlobalAveragePooling'),
               head=dict(type='LinearHead', num_classes=ref.NUM_CLASS,
                         in_channels=ref.DIM))
    plan = plan_model_load(run_cfg(rec), str(tmp_path / 'lin.pth'))
    assert plan.strict and plan.note is None
    # the converted pretraining file (meta kind 'pretrain') into KNN's
    # encoder and into a linear protocol's encoder
    knn = dict(rec, head=None)
    plan = plan_model_load(run_cfg(knn), str(tmp_path / 'pre.pth'))
    assert plan.strict and 'not used' in plan.note
    assert 'loaded backbone.*' in plan_encoder_load(
        run_cfg(rec), str(tmp_path / 'pre.pth'))


def test_momentum_encoder_of_a_pretraining_checkpoint(tmp_path):
    """eval_encoder='momentum': the momentum encoder's backbone is loaded
    as backbone.*, the query encoder's is not; a trained run's own
    checkpoint (no momentum encoder) loads as it is."""
    state = MODELS.build(aimclr()).state_dict()
    for k in state:  # make the two encoders differ
        if k.startswith('momentum_encoder.backbone.') and \
                state[k].is_floating_point():
            state[k] = state[k] + 1.0
    ckpt = save(tmp_path, 'pre.pth', aimclr(), state)
    cfg = run_cfg(recognizer(head=False))
    cfg.eval_encoder = 'momentum'
    plan = plan_model_load(cfg, ckpt)
    assert plan.strict and plan.state
    for k, v in plan.state.items():
        assert torch.equal(v, state['momentum_encoder.' + k]), k
        if v.is_floating_point():
            assert not torch.equal(v, state[k]), k
    assert "(its momentum_encoder.backbone.*: eval_encoder='momentum')" \
        in plan.note
    # what is not used: the momentum encoder's projector, not "all of it"
    unused = plan.note.split("the checkpoint's ")[1]
    assert unused.startswith('queue, queue_ptr, nnm_active, projector, '
                             'momentum_encoder.projector (')
    # the linear protocol's Pretrained initialiser reads that prefix
    line = plan_encoder_load(cfg, ckpt, prefix='momentum_encoder.backbone.')
    assert line.startswith('loaded momentum_encoder.backbone.* (')
    assert "the checkpoint's queue, queue_ptr, nnm_active, backbone, " \
        'projector, momentum_encoder.projector (' in line
    # a linear run's checkpoint: its backbone is already the evaluated one
    lin = save(tmp_path, 'lin.pth', recognizer())
    cfg = run_cfg(recognizer())
    cfg.eval_encoder = 'momentum'
    plan = plan_model_load(cfg, lin)
    assert set(plan.state) == set(MODELS.build(recognizer()).state_dict())
    # a pretraining checkpoint without a momentum encoder is refused
    bare = {k: v for k, v in state.items()
            if not k.startswith('momentum_encoder.')}
    ckpt2 = save(tmp_path, 'bare.pth', aimclr(), bare)
    cfg = run_cfg(recognizer(head=False))
    cfg.eval_encoder = 'momentum'
    with pytest.raises(CheckpointMismatch,
                       match=r"eval_encoder='momentum', whose tensors "
                             r"\(momentum_encoder\.backbone\.\*\)"):
        plan_model_load(cfg, ckpt2)
