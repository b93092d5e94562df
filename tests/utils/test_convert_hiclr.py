"""The HiCLR checkpoint converter.

HiCLR's pretraining files are the AimCLR family's layout (re-implemented
in test_convert_aimclr.py: ``RefModel``) with the edge importances as
``edge_importance1..10`` and the joint mask's token ``mask_param`` at the
top level; the authors mask a view as ``x * mask`` then ``x[mask == 0] =
mask_param`` on (N, C, T, V, M) (``net/hiclr.py::forward_pretrain_wmask``),
restated here. A converted file must load strictly into skelact's HiCLR and
give the same embeddings, masked branch included; wrong-family files name
the keys and the source they look like; tools/test.py --protocol linear
runs on a converted HiCLR linear-evaluation file.
"""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config

import skelact.models  # noqa: F401
from skelact.registry import MODELS
from skelact.utils.converters import convert_checkpoint, detect_source
from skelact.utils.errors import CheckpointMismatch

from conftest import ROOT
from test_convert_aimclr import (DIM, FEAT, HIDDEN, K, RefModel,
                                 authors_input, pretrain_ckpt, randomise)

TOKEN = 0.37


def hiclr_ckpt():
    state, enc_q, enc_k = pretrain_ckpt(numbered_edges=True)
    state['mask_param'] = torch.tensor([TOKEN])
    return state, enc_q, enc_k


def hiclr_cfg(**kw):
    cfg = dict(
        type='HiCLR',
        backbone=dict(type='STGCN', in_channels=3, hidden_channels=HIDDEN,
                      hidden_dim=DIM),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=DIM,
                       hidden_channels=DIM, out_channels=FEAT),
        queue_size=K, feature_dim=FEAT)
    cfg.update(kw)
    return cfg


def authors_mask(x, mask, token):
    """The authors' masking of (N, C, T, V, M) with a (T, V) mask."""
    x = x.permute(0, 2, 4, 3, 1).clone()           # N T M V C
    m = mask.view(1, mask.shape[0], 1, mask.shape[1], 1).expand_as(x)
    x = x * m
    x[m == 0] = token
    return x.permute(0, 4, 1, 3, 2)                # N C T V M


def test_hiclr_file_converts_loads_strictly_and_matches():
    src, enc_q, enc_k = hiclr_ckpt()
    assert detect_source(src) == 'hiclr'
    assert detect_source({f'module.{k}': v for k, v in src.items()}) == \
        'hiclr'
    out = convert_checkpoint(src)
    assert out['meta']['source'] == 'hiclr'
    assert out['meta']['kind'] == 'pretrain'
    state = out['state_dict']
    assert state['mask_token'].tolist() == [pytest.approx(TOKEN)]
    assert 'backbone.edge_importance.9' in state
    model = MODELS.build(hiclr_cfg())
    assert state['nnm_active'].item() is False  # the first stage
    model.load_state_dict(state, strict=True)
    model.eval()
    x_ref, x = authors_input(11)
    mask = torch.ones(12, 25)
    mask[torch.arange(12), torch.randint(0, 25, (12,))] = 0
    with torch.no_grad():
        ours_q = model.projector(model.neck(model.backbone(x)))
        enc = model.momentum_encoder
        ours_k = enc.projector(enc.neck(enc.backbone(x)))
        ours_m = model.projector(model.neck(model.backbone(
            model.joint_mask(x, model.mask_token, mask))))
        ref_m = enc_q(authors_mask(x_ref, mask, TOKEN))
    tol = dict(rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(ours_q, enc_q(x_ref), **tol)
    torch.testing.assert_close(ours_k, enc_k(x_ref), **tol)
    torch.testing.assert_close(ours_m, ref_m, **tol)
    assert not torch.allclose(ours_m, ours_q, **tol)


def test_wrong_family_files_name_the_keys_and_the_source():
    aim, _, _ = pretrain_ckpt(numbered_edges=False)
    with pytest.raises(KeyError, match=r"missing keys \['mask_param'\].*"
                       r"looks like a 'aimclr'.*--source aimclr"):
        convert_checkpoint(aim, source='hiclr')
    src, _, _ = hiclr_ckpt()
    with pytest.raises(KeyError, match=r"unexpected keys \['mask_param'\].*"
                       r"looks like a 'hiclr'.*--source hiclr"):
        convert_checkpoint(src, source='aimclr')
    assert detect_source(aim) == 'aimclr'


def test_aimclr_file_into_hiclr_names_the_missing_token(tmp_path):
    from skelact.apis.strict_load import plan_model_load
    aim, _, _ = pretrain_ckpt()
    path = str(tmp_path / 'aimclr_converted.pth')
    torch.save(convert_checkpoint(aim), path)
    cfg = Config(dict(model=hiclr_cfg()))
    with pytest.raises(CheckpointMismatch) as info:
        plan_model_load(cfg, path)
    msg = str(info.value)
    assert 'mask_token' in msg and 'converted from aimclr' in msg
    hi, _, _ = hiclr_ckpt()
    path = str(tmp_path / 'hiclr_converted.pth')
    torch.save(convert_checkpoint(hi), path)
    assert plan_model_load(cfg, path) is not None


PRE = dict(
    _scope_='skelact', default_scope='skelact', num_classes=3,
    model=dict(
        type='HiCLR',
        data_preprocessor=dict(type='SkeletonDataPreprocessor',
                               stream='joint'),
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8,
                       hidden_channels=8, out_channels=4),
        queue_size=8, feature_dim=4),
    train_cfg=dict(type='EpochBasedTrainLoop', max_epochs=1),
    optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
    env_cfg=dict(dist_cfg=dict(backend='gloo')))
LINEAR = """_base_ = './pre.py'
protocol = 'linear'
_loader = dict(batch_size=8, num_workers=0, persistent_workers=False)
train_dataloader = _loader
val_dataloader = _loader
test_dataloader = _loader
"""


def test_tools_test_linear_on_a_converted_hiclr_file(tiny_dataset, tmp_path):
    """A HiCLR linear-evaluation file (the authors build it with
    pretrain=False: numbered edge importances, a classifier fc, no
    mask_param) runs through tools/test.py --protocol linear --convert."""
    data = dict(type='SkelactDataset', ann_file=tiny_dataset)
    crop = [dict(type='UniformSample', clip_len=8, test_mode=True)]
    cfg = dict(PRE, work_dir=str(tmp_path / 'work'), preprocess=crop,
               train_dataset=dict(data, split='train'),
               val_dataset=dict(data, split='val'))
    Config(cfg).dump(str(tmp_path / 'pre.py'))
    (tmp_path / 'lin.py').write_text(LINEAR)
    enc = randomise(RefModel(3, numbered_edges=True, hidden=4, dim=8), 12)
    fake = str(tmp_path / 'hiclr_linear_eval.pt')
    torch.save({f'encoder_q.{k}': v for k, v in enc.state_dict().items()},
               fake)
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=ROOT)
    proc = subprocess.run(
        [sys.executable, osp.join(ROOT, 'tools', 'test.py'),
         str(tmp_path / 'lin.py'), fake, '--convert'], cwd=str(tmp_path),
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'acc/top1' in proc.stdout + proc.stderr
