"""The CrosSCLR multi-view checkpoint converter.

The authors' layout is re-implemented on top of the ST-GCN ``RefModel`` of
test_convert_aimclr (LinguoLi/CrosSCLR ``net/crossclr_3views.py``: six
encoders ``encoder_{q,k}{,_motion,_bone}``; the motion / bone projector
``Sequential(Linear, ReLU, <the joint projector module>)``; queues (D, K)
``queue{,_motion,_bone}`` with pointers ``queue_ptr{,_motion,_bone}``;
motion and bone computed inside the model from the joint input with the
authors' 1-based bone pairs). Converted files must load strictly into
skelact's CrosSCLR / the linear protocol's model and give the same
outputs, and the stage-2 loss must equal the authors' formula.
"""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import skelact.models  # noqa: F401
from skelact.registry import MODELS
from skelact.utils.converters import convert_checkpoint, detect_source

from conftest import ROOT
from test_convert_aimclr import RefModel, randomise

H, D, F_DIM, K, NC = 4, 8, 6, 16, 5
# the authors' bone pairs (v1, v2), 1-based, restated
BONES = [(1, 2), (2, 21), (3, 21), (4, 3), (5, 21), (6, 5), (7, 6), (8, 7),
         (9, 21), (10, 9), (11, 10), (12, 11), (13, 1), (14, 13), (15, 14),
         (16, 15), (17, 1), (18, 17), (19, 18), (20, 19), (21, 21), (22, 23),
         (23, 8), (24, 25), (25, 12)]
SUFFIX = ('', '_motion', '_bone')


def ref_motion(x):  # (N, C, T, V, M)
    out = torch.zeros_like(x)
    out[:, :, :-1] = x[:, :, 1:] - x[:, :, :-1]
    return out


def ref_bone(x):
    out = torch.zeros_like(x)
    for v1, v2 in BONES:
        out[:, :, :, v1 - 1] = x[:, :, :, v1 - 1] - x[:, :, :, v2 - 1]
    return out


class RefCrosSCLR(nn.Module):
    """The key layout and stream inputs of ``net/crossclr_3views.py``."""

    def __init__(self, pretrain=True, views=3, seed=0, num_class=NC):
        super().__init__()
        self.sfx = SUFFIX[:views]
        out = F_DIM if pretrain else num_class
        sides = ('q', 'k') if pretrain else ('q',)
        for side in sides:
            for i, s in enumerate(self.sfx):
                m = randomise(RefModel(out, mlp=pretrain, hidden=H, dim=D),
                              seed + 10 * i + (5 if side == 'k' else 0))
                setattr(self, f'encoder_{side}{s}', m)
            if pretrain:  # motion / bone: Linear, ReLU, the joint fc module
                joint_fc = getattr(self, f'encoder_{side}').fc
                for s in self.sfx[1:]:
                    enc = getattr(self, f'encoder_{side}{s}')
                    enc.fc = nn.Sequential(nn.Linear(D, D), nn.ReLU(),
                                           joint_fc)
                    randomise(enc.fc[0], seed + 99)
        if pretrain:
            g = torch.Generator().manual_seed(seed)
            for s in self.sfx:
                self.register_buffer(f'queue{s}', F.normalize(
                    torch.randn(F_DIM, K, generator=g), dim=0))
                self.register_buffer(f'queue_ptr{s}',
                                     torch.tensor([8], dtype=torch.long))
        self.eval()

    def inputs(self, x):
        return [x, ref_motion(x), ref_bone(x)][:len(self.sfx)]

    def embed(self, x, side='q'):
        return [getattr(self, f'encoder_{side}{s}')(xs)
                for s, xs in zip(self.sfx, self.inputs(x))]

    def cross_losses(self, x_q, x_k, T=0.07):
        """The authors' stage 2 (``cross_training`` + the processor's
        loss), written out for 3 views."""
        q = [F.normalize(z, dim=1) for z in self.embed(x_q)]
        k = [F.normalize(z, dim=1) for z in self.embed(x_k, 'k')]
        pos = [(a * b).sum(1, keepdim=True) for a, b in zip(q, k)]
        neg = [a @ getattr(self, f'queue{s}') for a, s in zip(q, self.sfx)]
        top = [n.topk(1, dim=1).indices for n in neg]
        out = []
        for x in range(3):
            pair = []
            for y in range(3):
                if y == x:
                    continue
                logits = torch.cat([pos[x], neg[x], neg[x] * neg[y]], 1) / T
                oh = torch.zeros_like(neg[x]).scatter_(1, top[y], 1)
                mask = torch.cat([torch.ones(len(oh), 1), oh, oh], 1)
                pair.append(-(F.log_softmax(logits, 1) * mask).sum(1) /
                            mask.sum(1))
            out.append(((pair[0] + pair[1]) / 2).mean())
        return out


def stgcn():
    return dict(type='STGCN', in_channels=3, hidden_channels=H,
                hidden_dim=D, dropout=0.0,
                graph_cfg=dict(layout='nturgb+d', strategy='spatial'))


def build_crossclr(views=3):
    streams = ('joint', 'motion', 'bone')[:views]
    return MODELS.build(dict(
        type='CrosSCLR', backbone=dict(type='MultiStreamBackbone',
                                       streams=streams, backbone=stgcn()),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=D,
                       hidden_channels=D, out_channels=F_DIM),
        queue_size=K, feature_dim=F_DIM)).eval()


def state_of(ref):
    return {k: v.clone() for k, v in ref.state_dict().items()}


def authors_input(seed):
    x = torch.randn(2, 3, 12, 25, 2, generator=torch.Generator().manual_seed(
        seed))
    return x, x.permute(0, 4, 2, 3, 1).contiguous()  # (N, M, T, V, C)


TOL = dict(rtol=1e-4, atol=1e-5)


def test_pretrain_file_converts_loads_strictly_and_matches():
    ref = RefCrosSCLR()
    src = state_of(ref)
    # the shared projector is saved under both names, with equal tensors
    assert torch.equal(src['encoder_q_motion.fc.2.0.weight'],
                       src['encoder_q.fc.0.weight'])
    assert detect_source(src) == 'crossclr_3views'
    out = convert_checkpoint(src)
    assert out['meta']['kind'] == 'pretrain'
    assert len(out['meta']['dropped']) == 6  # the six graphs A
    conv = out['state_dict']
    assert conv['queue'].shape == (3, K, F_DIM)
    assert torch.equal(conv['queue'][2], src['queue_bone'].t())
    assert torch.equal(conv['projector.streams.bone.2.2.weight'],
                       src['encoder_q_bone.fc.2.2.weight'])
    assert torch.equal(
        conv['momentum_encoder.backbone.encoders.motion.data_bn.weight'],
        src['encoder_k_motion.data_bn.weight'])
    model = build_crossclr()
    model.load_state_dict(conv, strict=True)  # the stage defaults to 1
    assert int(model.queue_ptr) == 8 and not bool(model.cross_active)
    # every converted tensor is used by the model, none invented
    assert set(conv) | {'cross_active'} == set(model.state_dict())

    x_ref, x = authors_input(3)
    with torch.no_grad():
        ours_q = model.projector([model.neck(m) for m in
                                  model.backbone.forward_streams(x)])
        enc = model.momentum_encoder
        ours_k = enc.projector([enc.neck(m) for m in
                                enc.backbone.forward_streams(x)])
        for a, b in zip(ours_q, ref.embed(x_ref)):
            torch.testing.assert_close(a, b, **TOL)
        for a, b in zip(ours_k, ref.embed(x_ref, 'k')):
            torch.testing.assert_close(a, b, **TOL)
        # stage 2 on the same views: the authors' losses
        model.set_cross(True)
        model.hooks_verified = True
        x2_ref, x2 = authors_input(4)
        losses = model.loss([x, x2])
        expect = ref.cross_losses(x_ref, x2_ref)
    for name, e in zip(('loss_joint', 'loss_motion', 'loss_bone'), expect):
        torch.testing.assert_close(losses[name], e, rtol=1e-4, atol=1e-4)


def test_linear_file_gives_the_authors_view_all_logits():
    ref = RefCrosSCLR(pretrain=False, seed=7)
    out = convert_checkpoint(state_of(ref))
    assert out['meta']['kind'] == 'linear'
    model = MODELS.build(dict(
        type='Recognizer', frozen_backbone=True,
        backbone=dict(type='MultiStreamBackbone', backbone=stgcn()),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='MultiStreamLinearHead', num_classes=NC,
                  in_channels=3 * D, num_streams=3)))
    model.load_state_dict(out['state_dict'], strict=True)
    x_ref, x = authors_input(5)
    with torch.no_grad():
        ours = model(x)
        per_view = ref.embed(x_ref)
    torch.testing.assert_close(ours, sum(per_view) / 3, **TOL)  # view='all'
    assert not torch.allclose(per_view[0], per_view[1])


def test_wrong_family_names_keys_and_the_source_it_looks_like():
    two = state_of(RefCrosSCLR(views=2))
    assert detect_source(two) == 'crossclr_2views'
    with pytest.raises(KeyError) as e:
        convert_checkpoint(two, source='crossclr_3views')
    msg = str(e.value)
    assert 'missing encoder_q_bone.*' in msg and 'queue_bone' in msg
    assert 'crossclr_2views' in msg
    # 2 views convert into a 2-stream CrosSCLR
    model = build_crossclr(views=2)
    model.load_state_dict(
        convert_checkpoint(two)['state_dict'], strict=True)

    single = {f'encoder_q.{k}': v for k, v in randomise(
        RefModel(F_DIM, mlp=True, hidden=H, dim=D), 1).state_dict().items()}
    with pytest.raises(KeyError) as e:
        convert_checkpoint(single, source='crossclr_3views')
    assert 'encoder_q_motion.*' in str(e.value)
    assert '--source aimclr' in str(e.value)

    three = state_of(RefCrosSCLR())
    with pytest.raises(KeyError) as e:
        convert_checkpoint(three, source='aimclr')
    assert 'crossclr_3views' in str(e.value)
    three['encoder_q_bone.mystery'] = torch.zeros(1)
    with pytest.raises(KeyError, match='mystery'):
        convert_checkpoint(three, source='crossclr_3views')


# -- through the tools: convert_ckpt.py, then test.py --protocol linear ----
def pretrain_config(data_dir):
    """A tiny CrosSCLR pretraining config in the shape of
    configs/crossclr/*_3view.py (dataset keys, the 3-stream head)."""
    crop = [dict(type='UniformSample', clip_len=8, test_mode=True)]
    data = dict(type='SkelactDataset', ann_file=data_dir)
    head = dict(model=dict(head=dict(type='MultiStreamLinearHead',
                                     num_streams=3)))
    return dict(
        default_scope='skelact', work_dir='work_dirs/pre', num_classes=3,
        train_dataset=dict(data, split='train'),
        val_dataset=dict(data, split='val'), preprocess=crop,
        model=dict(
            type='CrosSCLR',
            data_preprocessor=dict(type='SkeletonDataPreprocessor',
                                   stream='joint'),
            backbone=dict(type='MultiStreamBackbone', backbone=stgcn()),
            neck=dict(type='GlobalAveragePooling'),
            projector=dict(type='MLPProjector', in_channels=D,
                           hidden_channels=D, out_channels=F_DIM),
            queue_size=K, feature_dim=F_DIM),
        protocol_settings=dict(linear=head),
        env_cfg=dict(dist_cfg=dict(backend='gloo')),
        randomness=dict(seed=0))


def run(args, cwd):
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join([str(cwd), ROOT]))
    return subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_linear_protocol_runs_on_a_converted_file(tiny_dataset, tmp_path):
    """tools/test.py --protocol linear on a converted authors' linear
    file: the derived model (MultiStreamLinearHead) loads it strictly."""
    from mmengine.config import Config
    from skelact.utils.checkpoint import convert_file
    Config(pretrain_config(tiny_dataset)).dump(str(tmp_path / 'pre.py'))
    src = str(tmp_path / 'authors_linear.pt')
    torch.save(state_of(RefCrosSCLR(pretrain=False, seed=3, num_class=3)),
               src)
    ckpt = convert_file(src, str(tmp_path / 'converted.pth'))
    proc = run([osp.join(ROOT, 'tools', 'test.py'), 'pre.py', ckpt,
                '--protocol', 'linear', '--cfg-options',
                'test_dataloader.num_workers=0',
                'test_dataloader.persistent_workers=False'], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'acc/top1' in proc.stdout + proc.stderr
