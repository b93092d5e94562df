"""ConMLP's configs: every row of the seed's Tables 5.2-5.3 exists, the
schedule reading (5000 iterations of random 512-batches over the whole
training set) and the authors' linear evaluation (protocol_settings) reach
the derived run, on the whole test set."""
import os.path as osp

import pytest
from mmengine.config import Config

from conftest import ROOT
from skelact.cli.resolve import resolve_config

CONMLP = osp.join(ROOT, 'configs', 'conmlp')
ROWS = {  # config suffix -> (supervised, loss, decoder)
    '': (False, 'NTXentLoss', False),
    '_tcl': (False, 'TunedContrastiveLoss', False),
    '_recon': (False, 'NTXentLoss', True),
    '_supcon_sup': (True, 'SupConLoss', False),
    '_tcl_sup': (True, 'TunedContrastiveLoss', False),
    '_recon_sup': (True, 'SupConLoss', True),
}


@pytest.mark.parametrize('split', ['xview', 'xsub'])
def test_every_table_row_has_its_config(split):
    for suffix, (sup, loss, dec) in ROWS.items():
        cfg = Config.fromfile(osp.join(CONMLP,
                                       f'mlp_ntu60_{split}{suffix}.py'))
        m = cfg.model
        assert m.type == 'InBatchContrastive' and m.backbone.type == 'ConMLP'
        assert bool(m.supervised) == sup and m.loss.type == loss
        assert (m.get('decoder') is not None) == dec
        if loss == 'TunedContrastiveLoss':
            assert (m.loss.temperature, m.loss.k1, m.loss.k2) == \
                (0.1, 5000.0, 1.0)
        else:
            assert m.loss.temperature == 0.07
        views = cfg.train_dataloader.dataset.pipeline[1]
        assert views.num_views == ([1, 1, 1] if dec else [1, 1])
        assert cfg.train_dataloader.dataset.pipeline[0] == dict(
            type='ZeroPadFrames', length=300)
        assert cfg.train_dataloader.dataset.ann_file.endswith(
            'NTU60_CV.npz' if split == 'xview' else 'NTU60_CS.npz')


def test_schedule_is_5000_iterations_over_the_whole_set():
    cfg = Config.fromfile(osp.join(CONMLP, 'mlp_ntu60_xview.py'))
    assert cfg.train_cfg == dict(type='IterBasedTrainLoop', max_iters=5000)
    loader = cfg.train_dataloader
    assert loader.batch_size == 512
    assert loader.sampler == dict(type='InfiniteSampler', shuffle=True)
    assert 'label_fraction' not in loader.dataset  # the whole training set
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == \
        ('SGD', 1e-3, 0.9, 5e-4)
    (cos,) = cfg.param_scheduler
    assert cos.type == 'CosineAnnealingLR' and cos.T_max == 5000
    assert not cos.by_epoch and cos.eta_min == pytest.approx(1e-6)


@pytest.mark.parametrize('name', ['mlp_ntu60_xview.py',
                                  'mlp_ntu60_xview_supcon_sup.py'])
def test_linear_protocol_is_the_authors_classifier_on_the_whole_test_set(
        name):
    res = resolve_config(osp.join(CONMLP, name), 'linear', checkpoint='none')
    cfg = res.cfg
    assert cfg.model.type == 'Recognizer' and cfg.model.frozen_backbone
    assert cfg.model.head.in_channels == 256
    assert cfg.train_cfg == dict(type='IterBasedTrainLoop', max_iters=100,
                                 val_interval=100)
    assert cfg.train_dataloader.batch_size == 256
    assert cfg.train_dataloader.sampler.type == 'InfiniteSampler'
    opt = cfg.optim_wrapper.optimizer
    assert (opt.lr, opt.momentum, opt.weight_decay) == (0.1, 0.9, 0.0)
    assert [s.milestones for s in cfg.param_scheduler] == [[60, 75, 90]]
    val = cfg.val_dataloader
    assert val.sampler.type == 'DefaultSampler' and not val.sampler.shuffle
    assert val.dataset.split == 'test' and val.dataset.test_mode
    assert 'label_fraction' not in val.dataset
    assert 'protocol_settings' not in cfg
    # other protocols keep their own settings
    knn = resolve_config(osp.join(CONMLP, name), 'knn').cfg
    assert knn.test_cfg.type == 'KNNTestLoop'
