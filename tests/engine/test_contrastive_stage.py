"""ContrastiveStageHook: the contrastive terms of the noise-robust method
switch on at epoch index sup_thresh (TCL's ``epoch >= pseudo_thresh``),
and the model declares the hook."""
import types

import pytest
import torch

import skelact.engine  # noqa: F401
import skelact.models  # noqa: F401
from skelact.engine.hooks import ContrastiveStageHook
from skelact.registry import MODELS

MODEL = dict(type='NoiseRobustRecognizer', sup_thresh=20,
             backbone=dict(type='ResNet3dSlowOnly', in_channels=3,
                           base_channels=4, num_stages=3, out_indices=(2,),
                           stage_blocks=(1, 1, 1), conv1_stride=(1, 1),
                           pool1_stride=(1, 1), inflate=(0, 1, 1),
                           spatial_strides=(2, 2, 2),
                           temporal_strides=(1, 1, 2)),
             neck=dict(type='GlobalAveragePooling', layout='volume'),
             head=dict(type='I3DHead', num_classes=3, in_channels=64),
             data_preprocessor=dict(type='PoseVolumeDataPreprocessor'))


class Log:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


def test_stage_switches_at_sup_thresh():
    model = MODELS.build(MODEL)
    assert [h['type'] for h in model.required_hooks()] == [
        'ContrastiveStageHook']
    hook = ContrastiveStageHook()
    seen = []
    for epoch in (0, 19, 20, 21):
        runner = types.SimpleNamespace(model=model, epoch=epoch, logger=Log())
        hook.before_train_epoch(runner)
        seen.append(bool(model.contrastive_active))
    assert seen == [False, False, True, True]
    # an explicit threshold overrides the model's
    runner = types.SimpleNamespace(model=model, epoch=3, logger=Log())
    ContrastiveStageHook(sup_thresh=5).before_train_epoch(runner)
    assert not bool(model.contrastive_active)
    assert runner.logger.lines == ['contrastive terms off from epoch 4']


def test_stage_is_state_and_old_checkpoints_load():
    model = MODELS.build(MODEL)
    model.set_contrastive(True)
    state = model.state_dict()
    assert bool(state['contrastive_active'])
    fresh = MODELS.build(MODEL)
    fresh.load_state_dict(state)
    assert bool(fresh.contrastive_active)
    del state['contrastive_active']        # a supervised checkpoint
    fresh.load_state_dict(state)
    assert not bool(fresh.contrastive_active)


def test_loss_needs_views_and_skips_the_noisy_view_before_the_stage():
    torch.manual_seed(0)
    model = MODELS.build(MODEL)
    model.hooks_verified = True
    from skelact.structures import ActionDataSample
    samples = [ActionDataSample().set_gt_label(i % 3) for i in range(4)]
    clean = torch.randn(4, 3, 8, 17, 2)
    with pytest.raises(ValueError, match='MultiView'):
        model(clean, samples, mode='loss')
    calls = []
    model.backbone.register_forward_hook(lambda *a: calls.append(1))
    out = model([clean, clean + 0.1], samples, mode='loss')
    assert len(calls) == 1 and out['loss_inst'].item() == 0
    model.set_contrastive(True)
    out = model([clean, clean + 0.1], samples, mode='loss')
    assert len(calls) == 3 and out['loss_inst'].item() > 0
    out['loss_inst'].backward()  # the noisy pathway carries the gradient
    assert model.head.fc.weight.grad is not None


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match='representation'):
        MODELS.build(dict(MODEL, representation='logits'))
    with pytest.raises(ValueError, match='grouping'):
        MODELS.build(dict(MODEL, grouping='kmeans'))
    with pytest.raises(ValueError, match='sup_thresh'):
        MODELS.build(dict(MODEL, sup_thresh=-1))
    with pytest.raises(ValueError, match='sup_thresh'):
        ContrastiveStageHook(sup_thresh='later')
