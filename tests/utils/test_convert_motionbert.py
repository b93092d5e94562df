"""MotionBERT checkpoints -> skelact: complete and lossless.

The fake checkpoints are built from MotionBERT's parameter names and shapes
written out here by hand (Walter0807/MotionBERT lib/model/DSTformer.py,
lib/model/model_action.py), not from skelact's modules.
"""
from collections import OrderedDict

import pytest
import torch
import torch.nn as nn

from skelact.models.backbones.dstformer import DSTformer
from skelact.registry import MODELS
from skelact.utils.converters import convert_checkpoint, detect_source


def motionbert_dstformer_shapes(dim_in=3, dim_out=3, dim_feat=512,
                                dim_rep=512, depth=5, mlp_ratio=2,
                                num_joints=17, maxlen=243):
    d, h = dim_feat, int(dim_feat * mlp_ratio)
    s = OrderedDict()
    s['temp_embed'] = (1, maxlen, 1, d)
    s['pos_embed'] = (1, num_joints, d)
    s['joints_embed.weight'] = (d, dim_in)
    s['joints_embed.bias'] = (d,)
    for stage in ('blocks_st', 'blocks_ts'):
        for i in range(depth):
            p = f'{stage}.{i}.'
            for st in ('s', 't'):
                for n in ('norm1_', 'norm2_'):
                    s[p + n + st + '.weight'] = (d,)
                    s[p + n + st + '.bias'] = (d,)
                s[p + f'attn_{st}.qkv.weight'] = (3 * d, d)
                s[p + f'attn_{st}.qkv.bias'] = (3 * d,)
                s[p + f'attn_{st}.proj.weight'] = (d, d)
                s[p + f'attn_{st}.proj.bias'] = (d,)
                s[p + f'mlp_{st}.fc1.weight'] = (h, d)
                s[p + f'mlp_{st}.fc1.bias'] = (h,)
                s[p + f'mlp_{st}.fc2.weight'] = (d, h)
                s[p + f'mlp_{st}.fc2.bias'] = (d,)
    s['norm.weight'] = (d,)
    s['norm.bias'] = (d,)
    s['pre_logits.fc.weight'] = (dim_rep, d)
    s['pre_logits.fc.bias'] = (dim_rep,)
    s['head.weight'] = (dim_out, dim_rep)
    s['head.bias'] = (dim_out,)
    for i in range(depth):
        s[f'ts_attn.{i}.weight'] = (2, 2 * d)
        s[f'ts_attn.{i}.bias'] = (2,)
    return s


def motionbert_action_head_shapes(dim_rep, num_joints=17, hidden_dim=2048,
                                  num_classes=60):
    return OrderedDict([
        ('fc1.weight', (hidden_dim, dim_rep * num_joints)),
        ('fc1.bias', (hidden_dim,)),
        ('bn.weight', (hidden_dim,)), ('bn.bias', (hidden_dim,)),
        ('bn.running_mean', (hidden_dim,)), ('bn.running_var', (hidden_dim,)),
        ('bn.num_batches_tracked', ()),
        ('fc2.weight', (num_classes, hidden_dim)),
        ('fc2.bias', (num_classes,))])


def fake(shapes, prefix, gen):
    out = OrderedDict()
    for k, shape in shapes.items():
        if k.endswith('num_batches_tracked'):
            out[prefix + k] = torch.tensor(123)
        else:
            out[prefix + k] = torch.randn(shape, generator=gen)
    return out


TINY = dict(dim_in=3, dim_out=3, dim_feat=16, dim_rep=12, depth=2,
            mlp_ratio=2, num_joints=17, maxlen=9)


def tiny_backbone_cfg():
    cfg = dict(type='DSTformer', num_heads=2)
    cfg.update(TINY)
    return cfg


@pytest.mark.parametrize('dim_feat,mlp_ratio', [(512, 2), (256, 4)])
def test_real_config_names_and_shapes(dim_feat, mlp_ratio):
    expect = motionbert_dstformer_shapes(dim_feat=dim_feat,
                                         mlp_ratio=mlp_ratio)
    with torch.device('meta'):
        m = DSTformer(dim_feat=dim_feat, mlp_ratio=mlp_ratio, dim_rep=512,
                      depth=5, num_heads=8, maxlen=243)
    got = {k: tuple(v.shape) for k, v in m.state_dict().items()}
    assert got == dict(expect)


def test_pretrained_checkpoint_lossless():
    gen = torch.Generator().manual_seed(0)
    state = fake(motionbert_dstformer_shapes(**TINY), 'module.', gen)
    ckpt = {'epoch': 90, 'lr': [1e-4], 'optimizer': {'state': {}},
            'model_pos': state, 'min_loss': 0.5}
    assert detect_source(ckpt) == 'motionbert'
    out = convert_checkpoint(ckpt)
    assert out['meta']['source'] == 'motionbert'
    assert out['meta']['epoch'] == 90 and out['meta']['dropped'] == {}
    sd = out['state_dict']
    assert len(sd) == len(state)
    for k, v in state.items():
        assert torch.equal(sd['backbone.' + k[len('module.'):]], v), k
    model = nn.Module()
    model.backbone = MODELS.build(tiny_backbone_cfg())
    model.load_state_dict(sd, strict=True)
    for k, v in model.state_dict().items():
        assert torch.equal(v, sd[k])


def test_action_checkpoint_lossless_into_recognizer():
    gen = torch.Generator().manual_seed(1)
    state = fake(motionbert_dstformer_shapes(**TINY), 'module.backbone.',
                 gen)
    state.update(fake(motionbert_action_head_shapes(12, hidden_dim=20,
                                                    num_classes=5),
                      'module.head.', gen))
    state['module.head.bn.running_var'].abs_()
    ckpt = {'epoch': 200, 'lr': [1e-6], 'optimizer': None, 'model': state,
            'best_acc': torch.tensor(93.0)}
    assert detect_source(ckpt) == 'motionbert_action'
    out = convert_checkpoint(ckpt)
    assert out['meta'] == dict(source='motionbert_action', epoch=200,
                               best_acc=93.0, dropped={})
    sd = out['state_dict']
    assert len(sd) == len(state)
    for k, v in state.items():
        assert torch.equal(sd[k[len('module.'):]], v), k
    model = MODELS.build(dict(
        type='Recognizer', backbone=tiny_backbone_cfg(),
        head=dict(type='ActionHeadClassification', num_classes=5,
                  dim_rep=12, num_joints=17, hidden_dim=20)))
    model.load_state_dict(sd, strict=True)
    for k, v in model.state_dict().items():
        assert torch.equal(v, sd[k]), k
    model.eval()
    assert model(torch.randn(2, 2, 9, 17, 3)).shape == (2, 5)


def test_unknown_keys_raise_and_unrelated_files_are_not_detected():
    gen = torch.Generator().manual_seed(2)
    state = fake(motionbert_dstformer_shapes(**TINY), 'module.', gen)
    state['module.extra.weight'] = torch.zeros(1)
    with pytest.raises(KeyError, match='extra.weight'):
        convert_checkpoint({'model_pos': state}, source='motionbert')
    action = fake(motionbert_dstformer_shapes(**TINY), 'module.backbone.',
                  gen)
    action['module.head.fc1.weight'] = torch.zeros(1)
    action['module.head.proj.weight'] = torch.zeros(1)
    with pytest.raises(KeyError, match='head.proj.weight'):
        convert_checkpoint({'model': action}, source='motionbert_action')
    with pytest.raises(ValueError):
        convert_checkpoint({'model': {'module.fc.weight': torch.zeros(1)},
                            'model_pos': {'x': torch.zeros(1)}})
    with pytest.raises(ValueError, match='one stream'):
        convert_checkpoint({'model_pos': state}, source='motionbert',
                           stream='bone')
