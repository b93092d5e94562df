"""Tests of the built-in synthetic dataset and its on-disk export."""
import importlib.util
import os.path as osp
import re

import numpy as np
import pytest

from skelact.datasets import SkelactDataset
from skelact.datasets.synthetic import (CLASSES, INTERACTION_CLASSES,
                                        SyntheticDataset, generate_synthetic,
                                        parse_sample_name, synthetic_splits)
from skelact.skeletons import NTU_RGBD

SMALL = dict(num_subjects=4, samples_per_class_subject_camera=1,
             min_frames=30, max_frames=60)
REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def records():
    return generate_synthetic(num_classes=10, **SMALL)


@pytest.fixture(scope='module')
def all_classes():
    return generate_synthetic(num_classes=len(CLASSES), **SMALL)


def _by_name(records):
    return {r['sample_name']: r for r in records}


def test_deterministic_from_seed(records):
    again = generate_synthetic(num_classes=10, **SMALL)
    other = generate_synthetic(num_classes=10, seed=1, **SMALL)
    assert [r['sample_name'] for r in again] == \
        [r['sample_name'] for r in records]
    for a, b in zip(records, again):
        assert a['label'] == b['label']
        np.testing.assert_array_equal(a['keypoint'], b['keypoint'])
    assert any(a['keypoint'].shape != b['keypoint'].shape or
               not np.array_equal(a['keypoint'], b['keypoint'])
               for a, b in zip(records, other))


def test_shapes_dtypes_and_fields(records):
    assert len(records) == 10 * 4 * 3
    for r in records:
        kp = r['keypoint']
        assert kp.dtype == np.float32
        assert kp.shape == (2, r['total_frames'], 25, 3)
        assert 30 <= r['total_frames'] <= 60
        assert 0 <= r['label'] < 10
        assert np.isfinite(kp).all()
    assert sorted({r['label'] for r in records}) == list(range(10))


def test_kinect_like_camera_frame(records):
    kp = np.concatenate([r['keypoint'][0] for r in records])   # (F, V, 3)
    assert 1.5 < kp[..., 2].min() and kp[..., 2].max() < 6    # depth, m
    head, feet = NTU_RGBD.index('head'), NTU_RGBD.index('left_foot')
    assert (kp[:, head, 1] > kp[:, feet, 1]).mean() > .95    # y is up
    # facing the cameras, the left shoulder is on the +x side
    left, right = NTU_RGBD.index('left_shoulder'), \
        NTU_RGBD.index('right_shoulder')
    turning = (CLASSES.index('turn left'), CLASSES.index('turn right'))
    front = np.concatenate([r['keypoint'][0] for r in records
                            if r['camera'] == 1 and r['label'] not in
                            turning + INTERACTION_CLASSES])
    assert (front[:, left, 0] > front[:, right, 0]).mean() > .9


def test_records_pass_dataset_checks():
    ds = SyntheticDataset(split=None, num_classes=10, **SMALL)
    assert len(ds) == 10 * 4 * 3
    for i in range(len(ds)):
        info = ds.get_data_info(i)           # runs check_record
        assert info['keypoint'].shape[2] == NTU_RGBD.num_joints
        assert info['total_frames'] > 0


def test_splits_disjoint_and_complete(records):
    splits = synthetic_splits(records)
    assert set(splits) == {'xsub_train', 'xsub_val', 'xview_train',
                           'xview_val'}
    for proto in ('xsub', 'xview'):
        train, val = splits[f'{proto}_train'], splits[f'{proto}_val']
        assert not set(train) & set(val)
        assert len(train) + len(val) == len(records)
    subjects = {k: {records[i]['subject'] for i in v}
                for k, v in splits.items()}
    assert not subjects['xsub_train'] & subjects['xsub_val']
    assert subjects['xsub_train'] == {1, 3}
    cameras = {k: {records[i]['camera'] for i in v}
               for k, v in splits.items()}
    assert cameras['xview_train'] == {2, 3} and cameras['xview_val'] == {1}
    for name, idx in splits.items():
        assert {records[i]['label'] for i in idx} == set(range(10)), name


def test_sample_names_parse_back(records):
    names = [r['sample_name'] for r in records]
    assert len(set(names)) == len(names)
    for r in records:
        assert re.fullmatch(r'S\d{3}C\d{3}P\d{3}R\d{3}A\d{3}',
                            r['sample_name'])
        f = parse_sample_name(r['sample_name'])
        assert (f['subject'], f['camera'], f['setup'], f['label']) == \
            (r['subject'], r['camera'], r['setup'], r['label'])


def test_second_person_only_in_interactions(all_classes):
    assert len(INTERACTION_CLASSES) >= 4
    for r in all_classes:
        second = np.abs(r['keypoint'][1]).sum()
        if r['label'] in INTERACTION_CLASSES:
            assert second > 0, r['sample_name']
            # the partner stands apart from the first person
            gap = np.linalg.norm(r['keypoint'][0, :, 0] -
                                 r['keypoint'][1, :, 0], axis=-1)
            assert gap.min() > .2
        else:
            assert second == 0, r['sample_name']


def _yaw(kp):
    """Per-frame yaw (deg) of the right->left shoulder vector, xz plane."""
    d = kp[0, :, NTU_RGBD.index('left_shoulder')] - \
        kp[0, :, NTU_RGBD.index('right_shoulder')]
    return np.degrees(np.arctan2(d[:, 2], d[:, 0]))


@pytest.mark.parametrize('camera, expected', [(2, 45.), (3, -45.)])
def test_cameras_see_the_same_motion_rotated(records, camera, expected):
    by_name = _by_name(records)
    diffs = []
    for name, r in by_name.items():
        if r['camera'] != 1:
            continue
        other = by_name[name.replace('C001', f'C{camera:03d}')]
        assert other['total_frames'] == r['total_frames']
        delta = _yaw(other['keypoint']) - _yaw(r['keypoint'])
        diffs.append(np.median((delta + 180) % 360 - 180))
        # apart from the view, the same performance: bone lengths agree
        bone = np.linalg.norm(r['keypoint'][0, :, 5] - r['keypoint'][0, :, 4],
                              axis=-1)
        bone2 = np.linalg.norm(other['keypoint'][0, :, 5] -
                               other['keypoint'][0, :, 4], axis=-1)
        assert abs(np.median(bone) - np.median(bone2)) < .02
    # a yaw of the scene by -camera_yaw about the vertical axis
    assert abs(abs(np.median(diffs)) - abs(expected)) < 6
    signs = np.sign(diffs)
    assert abs(signs.sum()) == len(signs)           # always the same way


def test_cameras_2_and_3_rotate_opposite_ways(records):
    by_name = _by_name(records)
    r = next(r for r in records if r['camera'] == 1)
    d2 = np.median(_yaw(by_name[r['sample_name'].replace('C001', 'C002')]
                        ['keypoint']) - _yaw(r['keypoint']))
    d3 = np.median(_yaw(by_name[r['sample_name'].replace('C001', 'C003')]
                        ['keypoint']) - _yaw(r['keypoint']))
    assert np.sign((d2 + 180) % 360 - 180) != np.sign((d3 + 180) % 360 - 180)


def test_round_trip_through_skelact_format(tmp_path):
    spec = importlib.util.spec_from_file_location(
        'make_synthetic', osp.join(REPO, 'tools', 'data', 'make_synthetic.py'))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = str(tmp_path / 'synthetic')
    tool.main(['--out', out, '--num-classes', '6', '--num-subjects', '4',
               '--samples-per-class-subject-camera', '1', '--min-frames',
               '30', '--max-frames', '60', '--seed', '3'])
    for split in ('xsub_train', 'xsub_val', 'xview_train', 'xview_val'):
        mem = SyntheticDataset(split=split, num_classes=6, seed=3, **SMALL)
        disk = SkelactDataset(ann_file=out, split=split)
        assert len(mem) == len(disk) > 0
        assert disk.num_classes == 6
        assert disk._meta['classes'] == list(CLASSES[:6])
        for i in range(len(mem)):
            a, b = mem.get_data_info(i), disk.get_data_info(i)
            for k in ('sample_name', 'label', 'total_frames', 'subject',
                      'camera', 'setup'):
                assert a[k] == b[k], k
            np.testing.assert_array_equal(a['keypoint'], b['keypoint'])


def test_builds_from_config_and_caches():
    import skelact.datasets  # noqa: F401  (registers the datasets)
    from skelact.datasets.synthetic import generator
    from skelact.registry import DATASETS
    cfg = dict(type='SyntheticDataset', split='xsub_train', num_classes=5,
               seed=7, **SMALL)
    train = DATASETS.build(cfg)
    val = DATASETS.build(dict(cfg, split='xsub_val'))
    assert isinstance(train, SyntheticDataset)
    assert train.metainfo['classes'] == CLASSES[:5]
    assert len(train) == len(val) == 5 * 2 * 3
    key = tuple(sorted(train.generator_args.items()))
    assert key in generator._CACHE
    records, _ = generator._CACHE[key]
    assert generator.cached_synthetic(**train.generator_args)[0] is records


def test_bad_arguments():
    with pytest.raises(ValueError, match='num_classes'):
        generate_synthetic(num_classes=len(CLASSES) + 1)
    with pytest.raises(ValueError, match='split'):
        SyntheticDataset(split='train')
