"""End to end through the real tools: a pretraining config that lists no
hooks trains correctly; protocols derived from it train and test; a
derived config written by print_config runs as it is; mismatched
checkpoints and impossible protocols stop with one clear line."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from conftest import ROOT
from test_train_test import TEST, TRAIN, run, scalars

PRINT = osp.join(ROOT, 'tools', 'print_config.py')
Q = 32


def pretrain_config(data_dir, work_dir):
    """A tiny AimCLR pretraining config in the shape of the shipped ones
    (dataset keys for the protocols), with `custom_hooks = []`."""
    crop = [dict(type='UniformSample', clip_len=8, test_mode=True)]
    views = [dict(type='MultiView',
                  transforms=[[dict(type='Shear')], [dict(type='Shear')]],
                  num_views=[1, 2]),
             dict(type='PackSkeletonInputs')]
    data = dict(type='SkelactDataset', ann_file=data_dir)
    return dict(
        _scope_='skelact',
        default_scope='skelact',
        work_dir=work_dir,
        num_classes=3,
        train_dataset=dict(data, split='train'),
        val_dataset=dict(data, split='val'),
        preprocess=crop,
        model=dict(
            type='AimCLR',
            data_preprocessor=dict(type='SkeletonDataPreprocessor',
                                   stream='joint'),
            backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
            neck=dict(type='GlobalAveragePooling'),
            projector=dict(type='MLPProjector', in_channels=8,
                           hidden_channels=8, out_channels=4),
            queue_size=Q, feature_dim=4, temperature=0.1, momentum=0.9,
            mining_epoch=0),
        train_dataloader=dict(
            batch_size=4, num_workers=0, drop_last=True,
            sampler=dict(type='DefaultSampler', shuffle=True),
            dataset=dict(data, split='train', pipeline=crop + views)),
        train_cfg=dict(type='EpochBasedTrainLoop', max_epochs=2),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)),
        custom_hooks=[],  # the model declares them; tools/train.py adds
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=1),
            logger=dict(type='LoggerHook', interval=1)),
        env_cfg=dict(dist_cfg=dict(backend='gloo')),
        randomness=dict(seed=0),
    )


LINEAR = """_base_ = './pre.py'
protocol = 'linear'
_loader = dict(batch_size=8, num_workers=0, persistent_workers=False)
train_dataloader = _loader
val_dataloader = _loader
test_dataloader = _loader
train_cfg = dict(max_epochs=2, val_interval=1)
"""
FAST_KNN = ['--cfg-options', 'test_dataloader.num_workers=0',
            'test_cfg.train_dataloader.num_workers=0']


@pytest.fixture(scope='module')
def pretrained(tiny_dataset, tmp_path_factory):
    root = tmp_path_factory.mktemp('protocols')
    work = str(root / 'work_dirs' / 'pre')
    Config(pretrain_config(tiny_dataset, work)).dump(str(root / 'pre.py'))
    (root / 'lin.py').write_text(LINEAR)
    proc = run([TRAIN, str(root / 'pre.py')], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(root=root, work=work, log=proc.stdout + proc.stderr)


def _state(path):
    from skelact.utils.safe_load import safe_torch_load
    return safe_torch_load(path)


def test_config_without_hooks_trains_key_encoder_and_queue(pretrained):
    assert ('added the hooks AimCLR needs and the config does not list: '
            'MomentumUpdateHook, MemoryBankHook, NNMSwitchHook') in \
        pretrained['log']
    e1 = _state(osp.join(pretrained['work'], 'epoch_1.pth'))['state_dict']
    e2 = _state(osp.join(pretrained['work'], 'epoch_2.pth'))['state_dict']
    # 6 iterations of 4 keys per epoch: the pointer moved on
    assert int(e1['queue_ptr']) == 24 % Q and int(e2['queue_ptr']) == 48 % Q
    assert not torch.equal(e1['queue'], e2['queue'])
    assert bool(e2['nnm_active'])
    moved = [k for k in e1 if k.startswith('momentum_encoder.') and
             e1[k].is_floating_point() and not torch.equal(e1[k], e2[k])]
    assert moved  # the key encoder follows the query encoder


def test_linear_protocol_from_the_latest_checkpoint(pretrained):
    root = pretrained['root']
    proc = run([TRAIN, str(root / 'lin.py')], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    work = str(root / 'work_dirs' / 'lin')
    logs = scalars(work)
    assert any('acc/top1' in r for r in logs)
    lin = _state(osp.join(work, 'epoch_2.pth'))
    pre = _state(osp.join(pretrained['work'], 'epoch_2.pth'))['state_dict']
    # the frozen encoder is exactly the latest pretraining checkpoint's
    bb = [k for k in lin['state_dict'] if k.startswith('backbone.')]
    assert bb
    for k in bb:
        assert torch.equal(lin['state_dict'][k], pre[k]), k
    assert lin['state_dict']['head.fc.weight'].shape == (3, 8)
    saved = Config.fromstring(lin['meta']['cfg'], '.py')
    assert saved.model.backbone.init_cfg.checkpoint.endswith('epoch_2.pth')
    assert saved.derived_from.protocol == 'linear'


def test_print_config_writes_a_config_test_runs(pretrained):
    root = pretrained['root']
    lin_ckpt = osp.join(root, 'work_dirs', 'lin', 'epoch_2.pth')
    if not osp.exists(lin_ckpt):
        assert run([TRAIN, str(root / 'lin.py')], root).returncode == 0
    out = str(root / 'x.py')
    proc = run([PRINT, str(root / 'lin.py'), '--out', out], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    cfg = Config.fromfile(out)
    assert cfg.model.type == 'Recognizer' and 'protocol' not in cfg
    proc = run([TEST, out, lin_ckpt], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'acc/top1' in proc.stdout + proc.stderr


def test_knn_protocol_tests_the_pretraining_checkpoint(pretrained):
    root = pretrained['root']
    ckpt = osp.join(pretrained['work'], 'epoch_2.pth')
    proc = run([TEST, str(root / 'pre.py'), ckpt, '--protocol', 'knn']
               + FAST_KNN, root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    acc = float((proc.stdout + proc.stderr).split('acc/top1: ')[-1].split()[0])
    assert 0.0 <= acc <= 1.0
    assert osp.isdir(osp.join(pretrained['work'], 'knn'))
    assert 'eval_encoder' not in proc.stdout + proc.stderr  # the query's
    # training a protocol that does not train says so
    proc = run([TRAIN, str(root / 'pre.py'), '--protocol', 'knn'], root)
    assert proc.returncode != 0
    assert 'does not train' in proc.stderr and 'tools/test.py' in proc.stderr


def test_checkpoint_of_another_stream_is_refused(pretrained):
    root = pretrained['root']
    ckpt = osp.join(pretrained['work'], 'epoch_2.pth')
    proc = run([TEST, str(root / 'pre.py'), ckpt, '--protocol', 'knn',
                '--cfg-options', 'model.data_preprocessor.stream=bone']
               + FAST_KNN[1:], root)
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and 'Traceback' not in proc.stderr
    assert "stream 'joint'" in err[0] and "stream 'bone'" in err[0]
    proc = run([TRAIN, str(root / 'pre.py'), '--protocol', 'linear',
                '--checkpoint', ckpt, '--cfg-options',
                'model.backbone.type=SkeletonTransformer'], root)
    assert proc.returncode == 2
    assert "backbone 'STGCN'" in proc.stderr


def test_pretraining_checkpoint_is_not_a_classifier(pretrained):
    root = pretrained['root']
    ckpt = osp.join(pretrained['work'], 'epoch_2.pth')
    proc = run([TEST, str(root / 'pre.py'), ckpt, '--protocol', 'linear'],
               root)
    assert proc.returncode == 2
    assert 'pretraining checkpoint' in proc.stderr
    assert '--protocol linear' in proc.stderr


def test_protocol_errors_are_one_line(pretrained, tmp_path):
    root = pretrained['root']
    proc = run([TRAIN, str(root / 'pre.py'), '--protocol', 'linaer'], root)
    assert proc.returncode == 2 and 'Traceback' not in proc.stderr
    assert 'known protocols: actionhead, finetune, knn, linear, ' \
        'linear_probe, semi1, semi10' in proc.stderr
    proc = run([TRAIN, str(root / 'pre.py'), '--protocol', 'actionhead',
                '--checkpoint', 'none'], root)
    assert proc.returncode == 2 and 'per-joint representation' in \
        proc.stderr
    sup = osp.join(ROOT, 'configs', 'stgcn', 'stgcn_synthetic_xsub.py')
    proc = run([TRAIN, sup, '--protocol', 'linear'], tmp_path)
    assert proc.returncode == 2 and 'supervised model' in proc.stderr
    fresh = osp.join(ROOT, 'configs', 'aimclr', 'stgcn_ntu60_xsub.py')
    proc = run([TRAIN, fresh, '--protocol', 'linear'], tmp_path)
    assert proc.returncode == 2
    assert 'no checkpoint of the pretraining run' in proc.stderr


def test_print_config_of_the_flagship(tmp_path):
    """The README's command: the derived linear config of
    configs/aimclr/stgcn_ntu60_xsub.py, written as a plain config."""
    out = str(tmp_path / 'x.py')
    ckpt = tmp_path / 'pre.pth'
    torch.save({'state_dict': {}, 'meta': {}}, ckpt)
    proc = run([PRINT, osp.join(ROOT, 'configs', 'aimclr',
                                'stgcn_ntu60_xsub.py'),
                '--protocol', 'linear', '--checkpoint', str(ckpt),
                '--out', out], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    cfg = Config.fromfile(out)
    assert cfg.model.head == dict(type='LinearHead', num_classes=60,
                                  in_channels=256)
    assert cfg.model.backbone.init_cfg.checkpoint == str(ckpt)
    assert cfg.train_dataloader.dataset.type == 'AimCLRDataset'
    assert cfg.work_dir == osp.join('work_dirs', 'aimclr', 'stgcn_ntu60_xsub',
                                    'linear')
    assert cfg.optim_wrapper.optimizer.lr == 3.0


def test_protocols_evaluate_the_momentum_encoder_when_asked(pretrained):
    """eval_encoder = 'momentum' (an override file's key or
    --cfg-options): the linear run's frozen encoder and the knn protocol's
    are the pretraining checkpoint's momentum encoder, not its query
    encoder; a method without one is refused."""
    root = pretrained['root']
    (root / 'lin_m.py').write_text(LINEAR + "eval_encoder = 'momentum'\n")
    proc = run([TRAIN, str(root / 'lin_m.py')], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'loaded momentum_encoder.backbone.* (' in proc.stdout + \
        proc.stderr
    lin = _state(osp.join(root, 'work_dirs', 'lin_m', 'epoch_2.pth'))
    pre = _state(osp.join(pretrained['work'], 'epoch_2.pth'))['state_dict']
    bb = [k for k in lin['state_dict'] if k.startswith('backbone.') and
          lin['state_dict'][k].is_floating_point()]
    assert bb
    for k in bb:
        assert torch.equal(lin['state_dict'][k], pre['momentum_encoder.' + k])
    assert any(not torch.equal(pre[k], pre['momentum_encoder.' + k])
               for k in bb)
    # knn through tools/test.py with the whole pretraining checkpoint
    ckpt = osp.join(pretrained['work'], 'epoch_2.pth')
    proc = run([TEST, str(root / 'pre.py'), ckpt, '--protocol', 'knn']
               + FAST_KNN + ['eval_encoder=momentum'], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "its momentum_encoder.backbone.*: eval_encoder='momentum'" in \
        proc.stdout + proc.stderr


def test_eval_encoder_momentum_needs_a_momentum_encoder():
    from skelact.apis.protocols import ProtocolError, apply_eval_encoder
    cfg = Config(dict(eval_encoder='momentum', model=dict(backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint='x.pth',
                      prefix='backbone.')))))
    apply_eval_encoder(cfg, 'AimCLR')
    assert cfg.model.backbone.init_cfg.prefix == 'momentum_encoder.backbone.'
    with pytest.raises(ProtocolError, match='MAMP has no momentum encoder'):
        apply_eval_encoder(cfg, 'MAMP')
    cfg.eval_encoder = 'teacher'  # a name that is not an encoder
    with pytest.raises(ProtocolError, match=r"eval_encoder 'teacher' is not "
                       r"one of \['momentum', 'query'\]"):
        apply_eval_encoder(cfg, 'AimCLR')
