"""AimCLR's paper-vs-code options: the NNM loss forms (code's mean -log p,
paper's Eq. 9), the authors' weights_init with an independently drawn key
encoder, skipping the EADM forward, the two extreme-view presets."""
import copy
import math

import pytest
import torch

import skelact.models  # noqa: F401
from skelact.models.losses.infonce import InfoNCELoss
from skelact.registry import MODELS

LOGITS = [[2.0, 0.0, 1.0, 0.0],
          [0.0, 1.0, 0.0, 3.0]]
MASK = [[1.0, 0.0, 1.0, 0.0],   # positive + queue entry 1
        [1.0, 1.0, 0.0, 1.0]]   # positive + queue entries 0 and 2


def _p(row):
    z = sum(math.exp(v) for v in row)
    return [math.exp(v) / z for v in row]


def test_nnm_loss_code_form_is_mean_of_neg_log_p():
    p0, p1 = _p(LOGITS[0]), _p(LOGITS[1])
    r0 = -(math.log(p0[0]) + math.log(p0[2])) / 2
    r1 = -(math.log(p1[0]) + math.log(p1[1]) + math.log(p1[3])) / 3
    loss = InfoNCELoss()(torch.tensor(LOGITS), torch.tensor(MASK))
    assert loss.item() == pytest.approx((r0 + r1) / 2, rel=1e-6)
    same = InfoNCELoss(multi_positive='mean_log_prob')(
        torch.tensor(LOGITS), torch.tensor(MASK))
    assert same.item() == pytest.approx(loss.item(), rel=1e-7)


def test_nnm_loss_paper_eq9_is_neg_log_of_summed_p():
    p0, p1 = _p(LOGITS[0]), _p(LOGITS[1])
    r0 = -math.log(p0[0] + p0[2])
    r1 = -math.log(p1[0] + p1[1] + p1[3])
    eq9 = InfoNCELoss(multi_positive='log_sum_prob')
    loss = eq9(torch.tensor(LOGITS), torch.tensor(MASK))
    assert loss.item() == pytest.approx((r0 + r1) / 2, rel=1e-6)
    # Eq. 9 <= the code's form (Jensen), equal with a single positive
    assert loss.item() < InfoNCELoss()(torch.tensor(LOGITS),
                                       torch.tensor(MASK)).item()
    only_pos = torch.tensor([[1.0, 0, 0, 0], [1.0, 0, 0, 0]])
    torch.testing.assert_close(eq9(torch.tensor(LOGITS), only_pos),
                               InfoNCELoss()(torch.tensor(LOGITS)))
    # gradients are finite where the mask is 0 (no -inf leaks)
    x = torch.tensor(LOGITS, requires_grad=True)
    eq9(x, torch.tensor(MASK)).backward()
    assert torch.isfinite(x.grad).all()
    with pytest.raises(ValueError, match="multi_positive must be one of"):
        InfoNCELoss(multi_positive='eq9')


def test_extreme_view_presets_named_for_what_they_are():
    import os.path as osp

    from mmengine.config import Config
    from conftest import ROOT
    views = Config.fromfile(osp.join(
        ROOT, 'configs', '_base_', 'pipelines', 'contrastive_views.py'))
    normal = ['RandomTemporalCrop', 'Shear']
    code = normal + ['SpatialFlip', 'RandomRotate', 'GaussianNoise',
                     'GaussianBlur', 'AxisMask']  # aug_method='12345'
    assert [t['type'] for t in views.normal_aug] == normal
    assert [t['type'] for t in views.extreme_aug_code] == code
    assert [t['type'] for t in views.extreme_aug_paper] == \
        code + ['TemporalFlip']  # the paper's 8
    # the AimCLR recipes use the released code's preset, and say so
    cfg = Config.fromfile(osp.join(ROOT, 'configs', 'aimclr',
                                   'stgcn_ntu60_xsub.py'))
    multiview = cfg.train_dataloader.dataset.pipeline[-2]
    assert [t['type'] for t in multiview.transforms[0]] == code
    assert cfg.model.loss.multi_positive == 'mean_log_prob'


TINY = dict(
    type='AimCLR',
    backbone=dict(type='STGCN', hidden_channels=8, hidden_dim=16),
    neck=dict(type='GlobalAveragePooling'),
    projector=dict(type='MLPProjector', in_channels=16, hidden_channels=16,
                   out_channels=8),
    queue_size=16, feature_dim=8, temperature=0.1)


def _authors_init_model(key_encoder_init):
    from skelact.models.algorithms.aimclr import AUTHORS_WEIGHTS_INIT
    torch.manual_seed(0)
    model = MODELS.build(dict(copy.deepcopy(TINY),
                              init_cfg=copy.deepcopy(AUTHORS_WEIGHTS_INIT),
                              key_encoder_init=key_encoder_init))
    model.init_weights()
    return model


def test_authors_weights_init_draws_the_key_encoder_independently():
    import torch.nn as nn
    model = _authors_init_model('independent')
    convs = [m for m in model.modules()
             if isinstance(m, (nn.Conv2d, nn.Linear))]
    bns = [m for m in model.modules()
           if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    w = torch.cat([m.weight.flatten() for m in convs])
    assert abs(w.mean().item()) < 2e-3 and \
        w.std().item() == pytest.approx(0.02, rel=0.05)
    assert all(torch.all(m.bias == 0) for m in convs if m.bias is not None)
    g = torch.cat([m.weight.flatten() for m in bns])
    assert g.mean().item() == pytest.approx(1.0, abs=5e-3)
    assert g.std().item() == pytest.approx(0.02, rel=0.25)
    assert all(torch.all(m.bias == 0) for m in bns)
    # the key encoder has its own draw; the graph's edge importance and
    # everything that is not Conv / Linear / BN is left as built
    q = model.backbone.state_dict()
    k = model.momentum_encoder['backbone'].state_dict()
    differ = [n for n in q if not torch.equal(q[n], k[n])]
    assert any(n.endswith('conv.weight') for n in differ)
    assert not any('edge_importance' in n for n in differ)
    # MoCo's choice: the same init_cfg, then the key copied from the query
    same = _authors_init_model('copy')
    for a, b in zip(same.backbone.state_dict().values(),
                    same.momentum_encoder['backbone'].state_dict().values()):
        assert torch.equal(a, b)
    with pytest.raises(ValueError, match='key_encoder_init'):
        MODELS.build(dict(copy.deepcopy(TINY), key_encoder_init='random'))


def test_aimclr_recipe_uses_the_authors_init():
    import os.path as osp

    from mmengine.config import Config
    from conftest import ROOT
    from skelact.models.algorithms.aimclr import AUTHORS_WEIGHTS_INIT
    cfg = Config.fromfile(osp.join(ROOT, 'configs', 'aimclr',
                                   'stgcn_ntu60_xsub.py'))
    assert cfg.model.init_cfg == AUTHORS_WEIGHTS_INIT
    assert cfg.model.key_encoder_init == 'independent'
    # Table 3's checkpoints are kept
    assert cfg.default_hooks.checkpoint.save_epochs == [100, 150, 200, 300]
    # encoders with an init of their own do not inherit it
    mb = Config.fromfile(osp.join(ROOT, 'configs', '_base_', 'methods',
                                  'mbaimclr.py'))
    assert 'init_cfg' not in mb.model


def _views(n=4, t=16):
    torch.manual_seed(1)
    return [torch.randn(n, 1, t, 25, 3) for _ in range(3)]


def test_skip_unweighted_eadm_skips_the_forward_and_its_neighbours():
    calls = []
    model = MODELS.build(dict(copy.deepcopy(TINY), beta=0.0,
                              skip_unweighted_eadm=True))
    model.eadm.register_forward_hook(lambda *a: calls.append(1))
    model.hooks_verified = True
    model.train()
    assert not model.uses_eadm
    out = model(_views(), mode='loss')
    assert calls == [] and torch.isfinite(out['loss_d3m'])
    # beta 0 without the switch: the branch still runs (as before)
    ref = MODELS.build(dict(copy.deepcopy(TINY), beta=0.0))
    assert ref.uses_eadm
    ref.load_state_dict(model.state_dict())
    ref.eadm.register_forward_hook(lambda *a: calls.append(1))
    ref.hooks_verified = True
    ref.train()
    out_ref = ref(_views(), mode='loss')
    assert calls == [1]
    # no NNM: the same losses (the EADM term has weight 0); the backbone's
    # dropout draws are the same because EADM comes after it
    torch.manual_seed(0)
    a = model(_views(), mode='loss')
    torch.manual_seed(0)
    b = ref(_views(), mode='loss')
    torch.testing.assert_close(a['loss_info'], b['loss_info'])
    torch.testing.assert_close(a['loss_d3m'], b['loss_d3m'])
    del out, out_ref


@pytest.mark.parametrize('split', ['xsub', 'xview'])
def test_table1_ablation_configs_switch_one_part_each(split):
    import os.path as osp

    from mmengine.config import Config
    from conftest import ROOT

    def load(suffix):
        return Config.fromfile(osp.join(
            ROOT, 'configs', 'aimclr', f'stgcn_ntu60_{split}{suffix}.py'))

    def views(cfg):
        mv = cfg.train_dataloader.dataset.pipeline[-2]
        return [[t['type'] for t in v] for v in mv.transforms], mv.num_views

    ea, na_ea, eadm, full = (load(s) for s in
                             ('_ea_only', '_na_ea', '_na_ea_eadm', ''))
    extreme = views(full)[0][0]
    assert ea.model.type == 'SkeletonCLR' and views(ea) == ([extreme], 2)
    assert (na_ea.model.beta, na_ea.model.skip_unweighted_eadm) == (0.0, True)
    assert na_ea.model.mining_epoch is None and eadm.model.mining_epoch is None
    assert eadm.model.beta == full.model.beta == 0.5
    assert full.model.mining_epoch == 150
    for cfg in (ea, na_ea, eadm):
        assert 'NNMSwitchHook' not in [h['type'] for h in cfg.custom_hooks]
        assert cfg.train_dataloader.dataset.data_root == \
            full.train_dataloader.dataset.data_root
    built = MODELS.build(dict(copy.deepcopy(TINY), beta=0.0,
                              skip_unweighted_eadm=True, mining_epoch=None))
    assert [h['type'] for h in built.required_hooks()] == [
        'MomentumUpdateHook', 'MemoryBankHook']
