"""Layer-wise learning-rate decay: the groups of MAMP's fine-tuning
(util/lr_decay.py::param_groups_lrd, re-implemented here on the authors'
parameter names) through the registered optimiser constructor."""
import pytest
import torch

from skelact.engine.layer_decay import (LayerDecayOptimWrapperConstructor,
                                        layer_id)


def _recognizer(depth=2):
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    return MODELS.build(dict(
        type='Recognizer',
        backbone=dict(type='SkeletonTransformer', in_channels=3, dim_feat=8,
                      depth=depth, num_heads=2, mlp_ratio=2, num_frames=8,
                      num_joints=5, t_patch_size=4),
        head=dict(type='ActionHeadClassification', num_classes=3, dim_rep=8,
                  num_joints=5, hidden_dim=6, dropout_ratio=0.3)))


def _authors_groups(named, weight_decay, decay, num_layers):
    """param_groups_lrd on the authors' names (no ``backbone.`` prefix;
    their head is ``head.*``): name -> (lr_scale, weight_decay)."""
    scales = [decay ** (num_layers - i) for i in range(num_layers + 1)]
    out = {}
    for n, p in named:
        if n in ('temp_embed', 'pos_embed') or n.startswith('joints_embed'):
            lid = 0
        elif n.startswith('blocks'):
            lid = int(n.split('.')[1]) + 1
        else:
            lid = num_layers
        out[n] = (scales[lid], 0.0 if p.ndim == 1 else weight_decay)
    return out


def test_layer_ids():
    assert layer_id('backbone.pos_embed', 9) == 0
    assert layer_id('backbone.joints_embed.proj.weight', 9) == 0
    assert layer_id('backbone.blocks.7.mlp.fc2.bias', 9) == 8
    assert layer_id('backbone.norm.weight', 9) == 9
    assert layer_id('head.fc1.weight', 9) == 9


def test_groups_match_the_authors():
    model = _recognizer(depth=2)
    ctor = LayerDecayOptimWrapperConstructor(
        dict(optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05)),
        dict(layer_decay_rate=0.8))
    optim = ctor(model).optimizer
    got = {}
    names = {id(p): n for n, p in model.named_parameters()}
    for g in optim.param_groups:
        assert g['lr'] == pytest.approx(1e-3 * g['lr_scale'])
        for p in g['params']:
            got[names[id(p)].replace('backbone.', '', 1)] = (
                g['lr_scale'], g['weight_decay'])
    named = [(n.replace('backbone.', '', 1), p)
             for n, p in model.named_parameters()]
    want = _authors_groups(named, 0.05, 0.8, num_layers=3)
    assert got.keys() == want.keys()  # every parameter, once
    for n in want:
        assert got[n] == pytest.approx(want[n]), n
    # spot checks: embeddings 0.8^3, block 0 0.8^2, head 1; 1-D: no decay
    assert got['pos_embed'] == pytest.approx((0.512, 0.05))
    assert got['blocks.0.attn.qkv.weight'] == pytest.approx((0.64, 0.05))
    assert got['blocks.1.norm1.weight'] == pytest.approx((0.8, 0.0))
    assert got['head.fc2.bias'] == pytest.approx((1.0, 0.0))
    # a step runs
    out = model(torch.randn(2, 1, 8, 5, 3), mode='tensor')
    out.sum().backward()
    optim.step()


def test_bad_layer_decay():
    with pytest.raises(ValueError, match='layer_decay_rate'):
        LayerDecayOptimWrapperConstructor(
            dict(optimizer=dict(type='AdamW', lr=1e-3)),
            dict(layer_decay_rate=1.5))
    with pytest.raises(ValueError, match='unknown paramwise_cfg'):
        LayerDecayOptimWrapperConstructor(
            dict(optimizer=dict(type='AdamW', lr=1e-3)),
            dict(layer_decay_rate=0.8, bias_decay_mult=0.0))
