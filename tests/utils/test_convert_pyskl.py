"""pyskl PoseConv3D checkpoints -> skelact: complete, lossless, strict.

The fake checkpoint is built from pyskl's key layout written out here by
hand (kennymckormick/pyskl pyskl/models/cnns/resnet3d.py with mmcv
ConvModule names; simple_head.py's fc_cls), not from skelact's modules."""
from collections import OrderedDict

import pytest
import torch
from mmengine.config import Config

from conftest import ROOT
from skelact.registry import MODELS
from skelact.utils.converters import convert_checkpoint, detect_source

BN = ('weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked')


def pyskl_slowonly_shapes(in_channels=17, base=32, blocks=(4, 6, 3),
                          inflate=(0, 1, 1), num_classes=60):
    """state_dict shapes of pyskl's Recognizer3D with its NTU SlowOnly."""
    s = OrderedDict()

    def conv_module(name, cin, cout, k):
        s[f'backbone.{name}.conv.weight'] = (cout, cin) + k
        for b in BN:
            s[f'backbone.{name}.bn.{b}'] = () if b == BN[-1] else (cout,)

    conv_module('conv1', in_channels, base, (1, 7, 7))
    cin = base
    for i, n in enumerate(blocks):
        p = base * 2 ** i
        for j in range(n):
            pre = f'layer{i + 1}.{j}'
            c = cin if j == 0 else 4 * p
            conv_module(f'{pre}.conv1', c, p,
                        (3, 1, 1) if inflate[i] else (1, 1, 1))
            conv_module(f'{pre}.conv2', p, p, (1, 3, 3))
            conv_module(f'{pre}.conv3', p, 4 * p, (1, 1, 1))
            if j == 0:
                conv_module(f'{pre}.downsample', c, 4 * p, (1, 1, 1))
        cin = 4 * p
    s['cls_head.fc_cls.weight'] = (num_classes, 4 * base * 4)
    s['cls_head.fc_cls.bias'] = (num_classes,)
    return s


def fake_pyskl_checkpoint(seed=0, **kwargs):
    gen = torch.Generator().manual_seed(seed)
    state = OrderedDict(
        (k, torch.tensor(7) if k.endswith('num_batches_tracked')
         else torch.randn(shape, generator=gen))
        for k, shape in pyskl_slowonly_shapes(**kwargs).items())
    return {'meta': {'epoch': 24, 'iter': 1000, 'mmcv_version': '1.5.0'},
            'state_dict': state, 'optimizer': {'state': {}}}


def test_convert_lossless_and_strict_into_the_config_model():
    ckpt = fake_pyskl_checkpoint()
    assert detect_source(ckpt) == 'pyskl'
    out = convert_checkpoint(ckpt)
    sd = out['state_dict']
    assert len(sd) == len(ckpt['state_dict'])
    assert out['meta']['source'] == 'pyskl'
    assert out['meta']['pyskl_epoch'] == 24
    assert 'optimizer' in out['meta']['dropped']
    assert torch.equal(sd['head.fc.weight'],
                       ckpt['state_dict']['cls_head.fc_cls.weight'])
    cfg = Config.fromfile(
        f'{ROOT}/configs/posec3d/slowonly_r50_ntu60_xsub_joint.py')
    model = MODELS.build(cfg.model)
    model.load_state_dict(sd, strict=True)
    assert torch.equal(model.backbone.layer3[2].conv2.conv.weight,
                       ckpt['state_dict'][
                           'backbone.layer3.2.conv2.conv.weight'])
    # the limb model has the same keys (17 limb channels)
    limb = MODELS.build(Config.fromfile(
        f'{ROOT}/configs/posec3d/slowonly_r50_ntu60_xsub_limb.py').model)
    limb.load_state_dict(sd, strict=True)


def test_grayscale_and_errors():
    gray = convert_checkpoint(fake_pyskl_checkpoint(in_channels=1))
    cfg = Config.fromfile(
        f'{ROOT}/configs/posec3d/slowonly_r50_ntu60_xsub_grayscale24.py')
    MODELS.build(cfg.model).load_state_dict(gray['state_dict'], strict=True)
    bad = fake_pyskl_checkpoint()
    bad['state_dict']['cls_head.extra.weight'] = torch.zeros(1)
    with pytest.raises(KeyError, match='cls_head.extra.weight'):
        convert_checkpoint(bad, source='pyskl')
    with pytest.raises(ValueError, match='stream'):
        convert_checkpoint(fake_pyskl_checkpoint(), source='pyskl',
                           stream='bone')
    # a pyskl GCN checkpoint (2-D / graph backbones) is not this source
    gcn = {'state_dict': {'backbone.gcn.0.weight': torch.zeros(2, 2),
                          'cls_head.fc_cls.weight': torch.zeros(2, 2)}}
    assert not detect_source.__globals__['SOURCES']['pyskl'].detect(gcn)
