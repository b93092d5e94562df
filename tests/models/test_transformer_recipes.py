"""MotionBERT / MBAimCLR / TransAimCLR configs as their sources say (issue
10, section 1): MotionBERT's released action-checkpoint layout fits the
default fine-tuning configs strictly and tools/test.py evaluates one; the
pretraining recipes' numbers; the bad inputs' errors.

MotionBERT's key layout comes from tests/utils/test_convert_motionbert.py
(written out by hand from the authors' modules, not from skelact's)."""
import contextlib
import importlib.util
import io
import os.path as osp
import runpy
import sys

import pytest
import torch

from conftest import ROOT
from skelact.apis.strict_load import compare_state, model_shapes
from skelact.cli.resolve import resolve_config
from skelact.models.backbones.dstformer import DSTformer
from skelact.models.backbones.skeleton_transformer import \
    SkeletonTransformer
from skelact.utils.converters import convert_checkpoint

_spec = importlib.util.spec_from_file_location(
    '_mb_layout', osp.join(ROOT, 'tests', 'utils',
                           'test_convert_motionbert.py'))
mb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mb)


def cfg_of(rel, protocol=None):
    return resolve_config(osp.join(ROOT, 'configs', rel), protocol,
                          checkpoint='none' if protocol else None,
                          need_checkpoint=False).cfg


def released_action_state(device='meta', **shape_kw):
    """MotionBERT's released action checkpoint (best_epoch.bin): ActionNet
    under DataParallel, ``module.backbone.*`` + ``module.head.*``."""
    head = dict(num_classes=shape_kw.pop('num_classes', 60),
                hidden_dim=shape_kw.pop('hidden_dim', 2048))
    gen = torch.Generator().manual_seed(0)
    state = {}
    with torch.device(device):
        for prefix, shapes in (
                ('module.backbone.', mb.motionbert_dstformer_shapes(
                    **shape_kw)),
                ('module.head.', mb.motionbert_action_head_shapes(
                    shape_kw.get('dim_rep', 512), **head))):
            for k, shape in shapes.items():
                if device == 'meta':
                    state[prefix + k] = torch.empty(shape)
                else:
                    state[prefix + k] = torch.randn(shape, generator=gen)
    if device != 'meta':
        state['module.head.bn.running_var'].abs_()
        state['module.head.bn.num_batches_tracked'] = torch.tensor(7)
    return {'epoch': 300, 'lr': [5e-6], 'optimizer': None, 'model': state,
            'best_acc': torch.tensor(93.0)}


@pytest.mark.parametrize('rel', [
    'motionbert/dstformer_ntu60_xsub_finetune.py',
    'motionbert/dstformer_ntu60_xview_finetune.py',
    'motionbert/dstformer_ntu60_xsub_24f_finetune.py'])
def test_released_action_checkpoint_fits_the_default_configs(rel):
    cfg = cfg_of(rel)
    out = convert_checkpoint(released_action_state())
    report = compare_state(model_shapes(cfg.model), out['state_dict'])
    assert report.ok, report.summary()
    # every tensor: 260 of the DSTformer (its unused lifting head
    # included), 9 of the action head (BN buffers included)
    assert len(report.matched) == len(out['state_dict']) == 269
    b = cfg.model.backbone
    assert (b.dim_feat, b.mlp_ratio, b.depth, b.num_heads, b.dim_rep,
            b.maxlen) == (512, 2, 5, 8, 512, 243)
    assert b.init_cfg.checkpoint.endswith('motionbert.pth')
    h = cfg.model.head
    assert (h.hidden_dim, h.dropout_ratio) == (2048, 0.5)
    opt = cfg.optim_wrapper
    assert opt.optimizer.type == 'AdamW' and opt.optimizer.lr == 1e-4
    assert opt.optimizer.weight_decay == 0.01
    assert opt.paramwise_cfg.custom_keys['head'].lr_mult == 10.0
    assert cfg.param_scheduler[0].gamma == 0.99
    assert cfg.train_dataloader.batch_size == 32
    frames = {t.clip_len for t in cfg.train_dataloader.dataset.pipeline +
              cfg.test_dataloader.dataset.pipeline
              if t.type == 'ResampleFrames'}
    if '24f' in rel:  # seed 002: 24 frames, 150 epochs
        assert frames == {24} and cfg.train_cfg.max_epochs == 150
    else:
        assert frames == {243} and cfg.train_cfg.max_epochs == 300
    split = 'xview' if 'xview' in rel else 'xsub'
    assert cfg.test_dataloader.dataset.split == f'{split}_val'


def test_the_full_checkpoint_does_not_fit_lite_and_lite_fits_its_own():
    lite = cfg_of('motionbert/dstformer_lite_ntu60_xview_finetune.py')
    assert lite.train_cfg.max_epochs == 200
    assert lite.test_dataloader.dataset.split == 'xview_val'
    shapes = model_shapes(lite.model)
    full = convert_checkpoint(released_action_state())['state_dict']
    assert len(compare_state(shapes, full).mismatched) > 200
    own = convert_checkpoint(released_action_state(dim_feat=256,
                                                   mlp_ratio=4))
    assert compare_state(shapes, own['state_dict']).ok


def _run_tool(tool, *args):
    path = osp.join(ROOT, 'tools', tool)
    argv = sys.argv
    sys.argv = [path] + [str(a) for a in args]
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(err):
            try:
                runpy.run_path(path, run_name='__main__')
            except SystemExit as e:
                assert not e.code, err.getvalue()[-2000:]
    finally:
        sys.argv = argv
    return err.getvalue()


def test_tools_test_evaluates_a_released_layout_checkpoint(tmp_path):
    """A tiny checkpoint in MotionBERT's released action layout (the
    synthetic config's widths), converted on the fly by tools/test.py."""
    ckpt = released_action_state(
        device='cpu', dim_feat=16, dim_rep=16, depth=1, mlp_ratio=2,
        maxlen=16, num_classes=10, hidden_dim=32)
    path = tmp_path / 'best_epoch.bin'
    torch.save(ckpt, path)
    dump = tmp_path / 'scores.npz'
    _run_tool('test.py',
              osp.join(ROOT, 'configs', 'motionbert',
                       'dstformer_synthetic_xsub_finetune.py'),
              path, '--convert', 'motionbert_action', '--work-dir',
              tmp_path / 'work', '--dump', dump, '--cfg-options',
              'test_dataloader.batch_size=64',
              'test_dataloader.dataset.num_subjects=6',
              'test_dataloader.dataset.num_cameras=1')
    import numpy as np
    with np.load(dump) as z:
        scores, labels = z['scores'], z['labels']
    assert scores.shape == (len(labels), 10) and len(labels) > 0
    assert np.isfinite(scores).all()
    # the converted head's weights were used: its output is not uniform
    assert scores.std(1).min() > 0


def test_mbaimclr_recipes():
    epochs = {'ntu60_xsub': 150, 'ntu60_xview': 50, 'ntu120_xsub': 15,
              'ntu120_xset': 15}
    for data, n in epochs.items():
        sgd = cfg_of(f'mbaimclr/dstformer_{data}.py')
        adamw = cfg_of(f'mbaimclr/dstformer_{data}_adamw.py')
        for cfg, opt in ((sgd, 'SGD'), (adamw, 'AdamW')):
            b = cfg.model.backbone
            assert (b.type, b.dim_feat, b.mlp_ratio, b.depth, b.dim_rep,
                    b.num_heads) == ('DSTformer', 512, 2, 4, 512, 8)
            assert cfg.model.mining_epoch is None
            assert cfg.train_cfg.max_epochs == n
            o = cfg.optim_wrapper.optimizer
            assert (o.type, o.lr, o.weight_decay) == (opt, 5e-4, 0.01)
            assert cfg.param_scheduler == [dict(
                type='ExponentialLR', gamma=0.99, by_epoch=True)]
        assert sgd.optim_wrapper.optimizer.momentum == 0.9
    lite = cfg_of('mbaimclr/dstformer_lite_ntu60_xsub.py').model.backbone
    assert (lite.dim_feat, lite.mlp_ratio, lite.depth) == (256, 4, 4)
    nnm = cfg_of('mbaimclr/dstformer_ntu60_xsub_nnm150.py')
    assert nnm.model.mining_epoch == 150 and nnm.train_cfg.max_epochs == 300
    # the seed's action-head evaluation: frozen, 100 epochs, step at 80
    head = cfg_of('mbaimclr/dstformer_ntu60_xsub.py', 'actionhead')
    assert head.model.frozen_backbone and head.model.neck is None
    assert head.model.head.type == 'ActionHeadClassification'
    assert head.train_cfg.max_epochs == 100
    assert head.param_scheduler == [dict(type='MultiStepLR', by_epoch=True,
                                         milestones=[80], gamma=0.1)]


def test_transaimclr_recipe_and_mamps_weight_decay_groups():
    from mmengine.optim import build_optim_wrapper
    cfg = cfg_of('transaimclr/transformer_ntu60_xsub.py')
    b = cfg.model.backbone
    assert (b.depth, b.dim_feat, b.num_heads, b.mlp_ratio, b.t_patch_size,
            b.norm_eps, b.num_frames, b.t_remainder) == \
        (8, 256, 8, 4, 4, 1e-5, 50, 'drop')
    assert cfg.train_cfg.max_epochs == 500 and cfg.model.mining_epoch is None
    o = cfg.optim_wrapper.optimizer
    assert (o.type, o.lr, tuple(o.betas), o.weight_decay) == \
        ('AdamW', 1e-3, (0.9, 0.95), 0.05)
    warm, cos = cfg.param_scheduler
    assert (warm.type, warm.end, cos.type, cos.begin, cos.end, cos.eta_min,
            cos.T_max) == ('LinearLR', 20, 'CosineAnnealingLR', 20, 500,
                           5e-4, 480)
    nnm = cfg_of('transaimclr/transformer_ntu60_xsub_nnm150.py')
    assert nnm.model.mining_epoch == 150
    assert nnm.param_scheduler[1].end == nnm.train_cfg.max_epochs == 300
    # timm's add_weight_decay: no decay on biases and 1-D (norm) tensors
    model = SkeletonTransformer(dim_feat=8, depth=1, num_heads=2,
                                num_frames=8)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    decay = {id(p): g['weight_decay'] for g in wrapper.optimizer.param_groups
             for p in g['params']}
    for name, p in model.named_parameters():
        want = 0.0 if p.ndim == 1 or name.endswith('.bias') else 0.05
        assert decay[id(p)] == want, name


def test_50_frames_meet_the_4_frame_patch_as_in_mamp():
    torch.manual_seed(0)
    m = SkeletonTransformer(dim_feat=8, depth=1, num_heads=2, num_frames=50,
                            t_remainder='drop').eval()
    assert m.temp_embed.shape[1] == 12 and m.norm.eps == 1e-5
    x = torch.randn(1, 1, 50, 25, 3)
    out = m(x)
    assert out.shape == (1, 1, 8, 12, 25)
    x[:, :, 48:] += 5.0  # the two frames past the last patch are unused
    torch.testing.assert_close(m(x), out)
    with pytest.raises(ValueError, match="t_remainder='drop'"):
        SkeletonTransformer(num_frames=50)


def test_bad_inputs_say_the_limit_and_the_fix():
    dst = DSTformer(dim_feat=8, dim_rep=8, depth=1, num_heads=2, maxlen=9)
    with pytest.raises(ValueError, match=r'maxlen=9.*ResizeFrames\(length'
                       r'=9\) interpolates'):
        dst(torch.randn(1, 1, 10, 17, 3))
    with pytest.raises(ValueError, match='C=2.*dim_in=3.*confidence.*'
                       'with_score=True'):
        dst(torch.randn(1, 1, 9, 17, 2))
    st = SkeletonTransformer(dim_feat=8, depth=1, num_heads=2, num_frames=8)
    with pytest.raises(ValueError, match=r'C=2 \(2D keypoints.*in_channels'
                       r'=3 \(MAMP pretrains on 3D'):
        st(torch.randn(1, 1, 8, 25, 2))
    with pytest.raises(ValueError, match=r'T=12 frames exceed num_frames=8'
                       r'.*ResizeFrames\(length=8\) interpolates'):
        st(torch.randn(1, 1, 12, 25, 3))
