"""Shared fixtures: a tiny dataset in skelact format and a tiny config."""
import os.path as osp
import sys

import numpy as np
import pytest
import torch

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# tiny test models gain nothing from threads, and oversubscription hurts
torch.set_num_threads(1)


def _cache_repo_config_parsing():
    """Parse each file under configs/ once per test process.

    mmengine's ``Config._file2dict`` copies a config and every base it
    inherits through temporary files and executes them on every
    ``Config.fromfile``; the config tests parse the same pretraining
    configs and bases once per protocol. The repository's configs do not
    change during a test run, so their parsed form is cached (keyed by the
    file's content as well) and handed out as deep copies; files outside
    configs/ (the tests' own temporary configs) are parsed as before.
    """
    import copy
    import hashlib

    from mmengine.config import Config

    parse = Config._file2dict
    configs = osp.join(ROOT, 'configs') + osp.sep
    cache = {}

    def cached(filename, use_predefined_variables=True,
               use_environment_variables=True, lazy_import=None):
        path = osp.abspath(osp.expanduser(filename))
        if not path.startswith(configs) or not osp.isfile(path):
            return parse(filename, use_predefined_variables,
                         use_environment_variables, lazy_import)
        with open(path, 'rb') as f:
            digest = hashlib.sha1(f.read()).hexdigest()
        key = (path, digest, use_predefined_variables,
               use_environment_variables, lazy_import)
        if key not in cache:
            cache[key] = parse(filename, use_predefined_variables,
                               use_environment_variables, lazy_import)
        return copy.deepcopy(cache[key])

    Config._file2dict = staticmethod(cached)


_cache_repo_config_parsing()


def make_separable_records(n_per_class=16, num_classes=3, frames=20, seed=0):
    """Records whose class sets the oscillation frequency of one arm."""
    rng = np.random.default_rng(seed)
    records = []
    t = np.linspace(0, 2 * np.pi, frames, dtype=np.float32)
    for c in range(num_classes):
        for i in range(n_per_class):
            kp = rng.normal(0, 0.02, size=(2, frames, 25, 3)).astype('f4')
            kp[0, :, :, 1] += np.linspace(-1, 1, 25, dtype='f4')
            kp[0, :, 4:8, 1] += np.sin((c + 1) * t + rng.uniform(0, 1))[
                :, None]
            kp[1] = 0
            subject = i + 1
            records.append(dict(
                keypoint=kp, label=c, subject=subject, camera=1, setup=1,
                sample_name=f'S001C001P{subject:03d}R001A{c + 1:03d}'))
    return records


@pytest.fixture(scope='session')
def tiny_dataset(tmp_path_factory):
    """A skelact-format folder; split 'train' = odd subjects, 'val' = even."""
    from skelact.datasets.formats import write_skelact
    recs = make_separable_records()
    out = str(tmp_path_factory.mktemp('data') / 'tiny')
    train = [i for i, r in enumerate(recs) if r['subject'] % 2 == 1]
    val = [i for i, r in enumerate(recs) if r['subject'] % 2 == 0]
    write_skelact(out, recs, dict(train=train, val=val), num_classes=3)
    return out


def tiny_config(data_dir, work_dir, max_epochs=2, **overrides):
    """A complete config dict for a narrow ST-GCN on ``tiny_dataset``."""
    pipe = [dict(type='PackSkeletonInputs')]

    def loader(split, shuffle):
        return dict(batch_size=4, num_workers=0,
                    sampler=dict(type='DefaultSampler', shuffle=shuffle),
                    dataset=dict(type='SkelactDataset', ann_file=data_dir,
                                 split=split, pipeline=pipe,
                                 test_mode=not shuffle))

    cfg = dict(
        default_scope='skelact',
        work_dir=work_dir,
        model=dict(
            type='Recognizer',
            backbone=dict(type='STGCN', hidden_channels=8, hidden_dim=16),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearHead', num_classes=3, in_channels=16)),
        train_dataloader=loader('train', True),
        val_dataloader=loader('val', False),
        test_dataloader=loader('val', False),
        val_evaluator=dict(type='AccMetric', topk=(1,)),
        test_evaluator=dict(type='AccMetric', topk=(1,)),
        train_cfg=dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                       val_interval=1),
        val_cfg=dict(type='ValLoop'),
        test_cfg=dict(type='TestLoop'),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.05,
                                          momentum=0.9)),
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=1),
            logger=dict(type='LoggerHook', interval=1)),
        env_cfg=dict(dist_cfg=dict(backend='gloo')),
        randomness=dict(seed=0),
        log_level='INFO',
    )
    cfg.update(overrides)
    return cfg
