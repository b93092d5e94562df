"""MAMP checkpoints: a state dict in the authors' key layout
(model_mamp/transformer.py, re-implemented below) converts completely and
losslessly into skelact's MAMP (strict load) and its encoder; a different
temporal patch size is refused; temporal embeddings are resized."""
import argparse

import pytest
import torch
import torch.nn.functional as F

from skelact.utils.converters import SOURCES, convert_checkpoint, detect_source
from skelact.utils.converters.mamp import interpolate_temp_embed

DIM, DEC, DEPTH, DEC_DEPTH, MLP, T, V, U, C = 16, 8, 2, 1, 2, 16, 5, 4, 3


def _block(prefix, d, h):
    return {prefix + 'norm1.weight': (d,), prefix + 'norm1.bias': (d,),
            prefix + 'attn.qkv.weight': (3 * d, d),
            prefix + 'attn.qkv.bias': (3 * d,),
            prefix + 'attn.proj.weight': (d, d),
            prefix + 'attn.proj.bias': (d,),
            prefix + 'norm2.weight': (d,), prefix + 'norm2.bias': (d,),
            prefix + 'mlp.fc1.weight': (h, d), prefix + 'mlp.fc1.bias': (h,),
            prefix + 'mlp.fc2.weight': (d, h), prefix + 'mlp.fc2.bias': (d,)}


def authors_state(u=U):
    """The key layout and shapes of MAMP's pretraining ``Transformer``."""
    shapes = {'temp_embed': (1, T // u, 1, DIM), 'pos_embed': (1, 1, V, DIM),
              'mask_token': (1, 1, DEC),
              'decoder_temp_embed': (1, T // u, 1, DEC),
              'decoder_pos_embed': (1, 1, V, DEC),
              'joints_embed.proj.weight': (DIM, C, u, 1),
              'joints_embed.proj.bias': (DIM,)}
    for i in range(DEPTH):
        shapes.update(_block(f'blocks.{i}.', DIM, DIM * MLP))
    shapes.update({'norm.weight': (DIM,), 'norm.bias': (DIM,),
                   'decoder_embed.weight': (DEC, DIM),
                   'decoder_embed.bias': (DEC,)})
    for i in range(DEC_DEPTH):
        shapes.update(_block(f'decoder_blocks.{i}.', DEC, DEC * MLP))
    shapes.update({'decoder_norm.weight': (DEC,), 'decoder_norm.bias': (DEC,),
                   'decoder_pred.weight': (u * C, DEC),
                   'decoder_pred.bias': (u * C,)})
    g = torch.Generator().manual_seed(0)
    return {k: torch.randn(s, generator=g) for k, s in shapes.items()}


def _model(num_frames=T):
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    return MODELS.build(dict(
        type='MAMP',
        backbone=dict(type='SkeletonTransformer', in_channels=C,
                      dim_feat=DIM, depth=DEPTH, num_heads=2, mlp_ratio=MLP,
                      num_frames=num_frames, num_joints=V, t_patch_size=U),
        decoder=dict(dim=DEC, depth=DEC_DEPTH, num_heads=2, mlp_ratio=MLP)))


def _ckpt(state):
    return {'model': state, 'optimizer': {'state': {}, 'param_groups': []},
            'epoch': 399, 'scaler': {'scale': 65536.0},
            'args': argparse.Namespace(t_patch_size=U, mask_ratio=0.9,
                                       model_args={'depth': DEPTH})}


def test_complete_and_lossless_strict_load(tmp_path):
    from skelact.utils.checkpoint import convert_file
    state = authors_state()
    src = tmp_path / 'checkpoint-399.pth'
    torch.save(_ckpt(state), src)  # args: an argparse.Namespace, as MAE's
    dst = tmp_path / 'mamp.pth'
    convert_file(str(src), str(dst))  # source detected, loaded safely
    out = torch.load(dst, weights_only=True)
    assert out['meta']['source'] == 'mamp' and out['meta']['epoch'] == 399
    assert out['meta']['args']['mask_ratio'] == 0.9
    assert set(out['meta']['dropped']) == {'optimizer', 'scaler'}
    sd = out['state_dict']
    assert len(sd) == len(state)
    model = _model()
    model.load_state_dict(sd, strict=True)  # complete: nothing missing
    own = model.state_dict()
    for k, v in state.items():  # lossless: every tensor where it belongs
        name = ('backbone.' + k) if k.split('.')[0] in (
            'joints_embed', 'pos_embed', 'temp_embed', 'blocks', 'norm') \
            else k
        name = {'mask_token': 'decoder.mask_token',
                'decoder_temp_embed': 'decoder.temp_embed',
                'decoder_pos_embed': 'decoder.pos_embed'}.get(name, name)
        for old, new in (('decoder_embed.', 'decoder.embed.'),
                         ('decoder_blocks.', 'decoder.blocks.'),
                         ('decoder_norm.', 'decoder.norm.'),
                         ('decoder_pred.', 'decoder.pred.')):
            name = name.replace(old, new)
        assert torch.equal(own[name], v), k
    # the encoder alone (what linear / finetune load, prefix backbone.)
    enc = {k[len('backbone.'):]: v for k, v in sd.items()
           if k.startswith('backbone.')}
    model.backbone.load_state_dict(enc, strict=True)


def test_detection_and_heads():
    assert detect_source(_ckpt(authors_state())) == 'mamp'
    # a linear-probe checkpoint: BN (affine=False) + fc in head.fc
    state = {k: v for k, v in authors_state().items()
             if not k.startswith(('decoder', 'mask'))}
    state.update({'head.fc.0.running_mean': torch.zeros(DIM),
                  'head.fc.0.running_var': torch.ones(DIM),
                  'head.fc.0.num_batches_tracked': torch.tensor(5),
                  'head.fc.1.weight': torch.randn(4, DIM),
                  'head.fc.1.bias': torch.randn(4)})
    sd = convert_checkpoint({'model': state}, 'mamp')['state_dict']
    from skelact.models.heads import LinearHead
    head = LinearHead(4, DIM, feature_norm='batchnorm')
    head.load_state_dict({k[len('head.'):]: v for k, v in sd.items()
                          if k.startswith('head.')}, strict=True)
    assert torch.equal(head.fc.weight, state['head.fc.1.weight'])
    with pytest.raises(KeyError, match='not a MAMP parameter'):
        convert_checkpoint({'model': dict(state, extra=torch.zeros(1))},
                           'mamp')


def test_a_different_patch_size_is_refused():
    ckpt = _ckpt(authors_state(u=2))
    with pytest.raises(ValueError, match=r'joints_embed\.proj\.weight has '
                       r'temporal patch size 2.*t_patch_size=4'):
        SOURCES['mamp'].convert(ckpt, t_patch_size=4)


def test_temporal_embedding_interpolation():
    state = authors_state()
    out = SOURCES['mamp'].convert(_ckpt(state), t_patch_size=U,
                                  num_frames=32)['state_dict']
    assert out['backbone.temp_embed'].shape == (1, 8, 1, DIM)
    assert out['decoder.temp_embed'].shape == (1, 8, 1, DEC)
    want = F.interpolate(state['temp_embed'].permute(0, 3, 1, 2),
                         size=(8, 1), mode='bicubic',
                         align_corners=False).permute(0, 2, 3, 1)
    assert torch.allclose(out['backbone.temp_embed'], want)
    assert torch.equal(interpolate_temp_embed(state['temp_embed'], T // U),
                       state['temp_embed'])
    _model(num_frames=32).load_state_dict(out, strict=True)
