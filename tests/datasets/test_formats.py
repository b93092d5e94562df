"""Preprocessed formats: AimCLR .npy + .pkl, pyskl pickle, CTR-GCN .npz.

Files are written in the real layouts and read back to the same values."""
import os.path as osp
import pickle
import sys

import numpy as np
import pytest

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from helpers_formats import write_aimclr, write_ctrgcn, write_pyskl  # noqa

from skelact.datasets import (AimCLRDataset, CTRGCNDataset,  # noqa: E402
                              PysklDataset, SkelactDataset)
from skelact.datasets.formats import (npz_member_memmap,  # noqa: E402
                                      pyskl_to_skelact, write_skelact)
from skelact.registry import DATASETS  # noqa: E402
from skelact.utils.safe_pickle import UnsafePickleError  # noqa: E402


def make_records(n_per_class=10, num_classes=4, seed=0, two_person=True):
    rng = np.random.default_rng(seed)
    recs = []
    for c in range(num_classes):
        for i in range(n_per_class):
            t = int(rng.integers(8, 30))
            m = 2 if (two_person and i % 3 == 0) else 1
            kp = rng.normal(0, 1, (m, t, 25, 3)).astype(np.float32)
            subject, camera = i + 1, i % 3 + 1
            recs.append(dict(
                keypoint=kp, label=c,
                sample_name=f'S{i % 4 + 1:03d}C{camera:03d}P{subject:03d}'
                            f'R001A{c + 1:03d}'))
    return recs


def padded(kp, m=2):
    out = np.zeros((m,) + kp.shape[1:], np.float32)
    out[:kp.shape[0]] = kp
    return out


# ------------------------------------------------------------------ AimCLR
def test_aimclr_round_trip(tmp_path):
    recs = make_records()
    write_aimclr(str(tmp_path / 'xsub'), 'train',
                 [r['keypoint'] for r in recs], [r['label'] for r in recs],
                 [r['sample_name'] for r in recs], t=40)
    ds = DATASETS.build(dict(
        type='AimCLRDataset', data_root=str(tmp_path / 'xsub'),
        split='train', num_classes=4))
    assert len(ds) == len(recs)
    for i in (0, 1, 5, len(recs) - 1):
        info = ds.get_data_info(i)
        r = recs[i]
        assert info['sample_name'] == r['sample_name']   # .skeleton cut
        assert info['label'] == r['label']
        assert info['total_frames'] == r['keypoint'].shape[1]
        assert info['keypoint'].shape == (2, r['keypoint'].shape[1], 25, 3)
        np.testing.assert_array_equal(info['keypoint'], padded(r['keypoint']))
        assert info['subject'] == int(r['sample_name'][9:12])
        assert info['camera'] == int(r['sample_name'][5:8])
    # untrimmed: keeps T, still reports the real length
    ds2 = AimCLRDataset(str(tmp_path / 'xsub'), split='train',
                        trim_padding=False)
    info = ds2.get_data_info(0)
    assert info['keypoint'].shape[1] == 40
    assert info['total_frames'] == recs[0]['keypoint'].shape[1]


def test_aimclr_is_memory_mapped_and_picklable(tmp_path):
    recs = make_records(n_per_class=2)
    write_aimclr(str(tmp_path), 'val', [r['keypoint'] for r in recs],
                 [r['label'] for r in recs], [r['sample_name'] for r in recs])
    ds = AimCLRDataset(str(tmp_path), split='val')
    ds.get_data_info(0)
    assert isinstance(ds._data, np.memmap)
    from mmengine.dataset import BaseDataset
    assert 'keypoint' not in BaseDataset.get_data_info(ds, 0)  # light record
    clone = pickle.loads(pickle.dumps(ds))
    assert clone._data is None
    np.testing.assert_array_equal(clone[3]['keypoint'],
                                  ds[3]['keypoint'])


def test_aimclr_missing_file_message(tmp_path):
    with pytest.raises(FileNotFoundError, match='train_label.pkl.*prepare'):
        np.save(tmp_path / 'train_position.npy',
                np.zeros((1, 3, 4, 25, 2), np.float32))
        AimCLRDataset(str(tmp_path), split='train')
    with pytest.raises(FileNotFoundError, match='nope_position.npy'):
        AimCLRDataset(str(tmp_path), split='nope')


def test_aimclr_hostile_label_pickle_refused(tmp_path):
    np.save(tmp_path / 'x_position.npy',
            np.zeros((1, 3, 4, 25, 2), np.float32))
    marker = tmp_path / 'pwned'

    class Evil:
        def __reduce__(self):
            import os
            return (os.system, (f'touch {marker}',))
    with open(tmp_path / 'x_label.pkl', 'wb') as f:
        pickle.dump((['S001C001P001R001A001'], [Evil()]), f)
    with pytest.raises(UnsafePickleError, match=r'x_label\.pkl.*system'):
        AimCLRDataset(str(tmp_path), split='x')
    assert not marker.exists()


def test_aimclr_shape_mismatch(tmp_path):
    np.save(tmp_path / 'x_position.npy',
            np.zeros((2, 3, 4, 17, 2), np.float32))
    with open(tmp_path / 'x_label.pkl', 'wb') as f:
        pickle.dump((['a', 'b'], [0, 1]), f)
    with pytest.raises(ValueError, match=r'expected \(N, C=3, T, V=25'):
        AimCLRDataset(str(tmp_path), split='x')


# ------------------------------------------------------------------- pyskl
def test_pyskl_3d_round_trip_and_splits(tmp_path):
    recs = make_records()
    names = [r['sample_name'] for r in recs]
    split = dict(xsub_train=names[::2], xsub_val=names[1::2])
    write_pyskl(str(tmp_path / 'ntu.pkl'), recs, split)
    for name, sel in (('xsub_train', recs[::2]), ('xsub_val', recs[1::2])):
        ds = PysklDataset(str(tmp_path / 'ntu.pkl'), split=name,
                          num_classes=4)
        assert len(ds) == len(sel)
        for i in (0, len(sel) - 1):
            info = ds.get_data_info(i)
            assert info['sample_name'] == sel[i]['sample_name']
            assert info['label'] == sel[i]['label']
            np.testing.assert_array_equal(info['keypoint'],
                                          sel[i]['keypoint'])
            assert info['total_frames'] == sel[i]['keypoint'].shape[1]
    assert len(PysklDataset(str(tmp_path / 'ntu.pkl'))) == len(recs)
    with pytest.raises(ValueError, match="no split 'xset_train'"):
        PysklDataset(str(tmp_path / 'ntu.pkl'), split='xset_train')
    # conversion to skelact keeps values and splits
    out = pyskl_to_skelact(str(tmp_path / 'ntu.pkl'), str(tmp_path / 'sk'))
    sk = SkelactDataset(out, split='xsub_val')
    np.testing.assert_array_equal(sk[0]['keypoint'][:recs[1]['keypoint']
                                  .shape[0]], recs[1]['keypoint'])


def test_pyskl_2d_coco(tmp_path):
    rng = np.random.default_rng(1)
    recs = []
    for i in range(6):
        kp = rng.uniform(0, 1000, (1, 12, 17, 2)).astype(np.float32)
        recs.append(dict(sample_name=f'S001C001P{i + 1:03d}R001A001',
                         label=i % 2, keypoint=kp,
                         keypoint_score=rng.uniform(0, 1, (1, 12, 17))
                         .astype(np.float16)))
    write_pyskl(str(tmp_path / 'hrnet.pkl'), recs,
                dict(xsub_train=[r['sample_name'] for r in recs]),
                with_score=True)
    ds = PysklDataset(str(tmp_path / 'hrnet.pkl'), split='xsub_train',
                      layout='coco')
    info = ds.get_data_info(2)
    assert info['keypoint'].shape == (1, 12, 17, 2)
    assert info['keypoint_score'].shape == (1, 12, 17)
    assert info['img_shape'] == (1080, 1920)
    np.testing.assert_allclose(info['keypoint'],
                               recs[2]['keypoint'].astype(np.float16),
                               rtol=1e-3)


def test_pyskl_hostile_pickle_refused(tmp_path):
    marker = tmp_path / 'pwned'

    class Evil:
        def __reduce__(self):
            import os
            return (os.system, (f'touch {marker}',))
    with open(tmp_path / 'evil.pkl', 'wb') as f:
        pickle.dump(dict(split={}, annotations=[Evil()]), f)
    with pytest.raises(UnsafePickleError, match='evil.pkl'):
        PysklDataset(str(tmp_path / 'evil.pkl'))
    assert not marker.exists()


# ------------------------------------------------------------------ CTR-GCN
def test_ctrgcn_round_trip(tmp_path):
    recs = make_records(n_per_class=5)
    train = [(r['keypoint'], r['label']) for r in recs[::2]]
    test = [(r['keypoint'], r['label']) for r in recs[1::2]]
    write_ctrgcn(str(tmp_path / 'NTU60_CS.npz'), train, test, num_classes=4,
                 t=40)
    x = npz_member_memmap(str(tmp_path / 'NTU60_CS.npz'), 'x_train')
    assert isinstance(x, np.memmap) and x.shape == (len(train), 40, 150)
    for split, items in (('train', train), ('test', test)):
        ds = CTRGCNDataset(str(tmp_path / 'NTU60_CS.npz'), split=split)
        assert ds.num_classes == 4 and len(ds) == len(items)
        for i in (0, 1, len(items) - 1):
            kp, lab = items[i]
            info = ds.get_data_info(i)
            assert info['label'] == lab
            assert info['total_frames'] == kp.shape[1]
            np.testing.assert_array_equal(info['keypoint'][0], kp[0])
            if kp.shape[0] == 1:   # duplicated into person 2 by the format
                np.testing.assert_array_equal(info['keypoint'][1], kp[0])
            else:
                np.testing.assert_array_equal(info['keypoint'][1], kp[1])
    ds = CTRGCNDataset(str(tmp_path / 'NTU60_CS.npz'), split='val',
                       drop_duplicate_person=True)
    single = next(i for i, (kp, _) in enumerate(test) if kp.shape[0] == 1)
    assert not ds.get_data_info(single)['keypoint'][1].any()
    clone = pickle.loads(pickle.dumps(ds))
    assert clone._x is None


def test_ctrgcn_bad_labels(tmp_path):
    np.savez(tmp_path / 'a.npz', x_train=np.zeros((2, 5, 150), np.float32),
             y_train=np.ones((2, 3)), x_test=np.zeros((1, 5, 150)),
             y_test=np.zeros((1, 3)))
    with pytest.raises(ValueError, match='not one-hot'):
        CTRGCNDataset(str(tmp_path / 'a.npz'), split='train')


# -------------------------------------------------------- semi-supervised
@pytest.mark.parametrize('fmt', ['aimclr', 'pyskl', 'ctrgcn', 'skelact'])
def test_label_fraction_every_loader(tmp_path, fmt):
    recs = make_records(n_per_class=20, num_classes=5)
    if fmt == 'aimclr':
        write_aimclr(str(tmp_path), 'train', [r['keypoint'] for r in recs],
                     [r['label'] for r in recs],
                     [r['sample_name'] for r in recs])
        cfg = dict(type='AimCLRDataset', data_root=str(tmp_path),
                   split='train')
    elif fmt == 'pyskl':
        write_pyskl(str(tmp_path / 'a.pkl'), recs,
                    dict(train=[r['sample_name'] for r in recs]))
        cfg = dict(type='PysklDataset', ann_file=str(tmp_path / 'a.pkl'),
                   split='train')
    elif fmt == 'ctrgcn':
        write_ctrgcn(str(tmp_path / 'a.npz'),
                     [(r['keypoint'], r['label']) for r in recs],
                     [(recs[0]['keypoint'], 0)], num_classes=5)
        cfg = dict(type='CTRGCNDataset', ann_file=str(tmp_path / 'a.npz'),
                   split='train')
    else:
        write_skelact(str(tmp_path / 'sk'), recs,
                      dict(train=range(len(recs))))
        cfg = dict(type='SkelactDataset', ann_file=str(tmp_path / 'sk'),
                   split='train')
    ds_a = DATASETS.build(dict(cfg, label_fraction=0.1, subset_seed=3))
    ds_b = DATASETS.build(dict(cfg, label_fraction=0.1, subset_seed=3))
    ds_c = DATASETS.build(dict(cfg, label_fraction=0.1, subset_seed=4))
    names = [ds_a.get_data_info(i)['sample_name'] for i in range(len(ds_a))]
    labels = [ds_a.get_data_info(i)['label'] for i in range(len(ds_a))]
    assert len(ds_a) == 10                        # 2 of each of 5 classes
    assert np.bincount(labels).tolist() == [2] * 5
    assert names == [ds_b.get_data_info(i)['sample_name']
                     for i in range(len(ds_b))]
    assert names != [ds_c.get_data_info(i)['sample_name']
                     for i in range(len(ds_c))]


# ----------------------------------------------------------------- configs
def test_dataset_configs_build_and_name_missing_files(tmp_path, monkeypatch):
    import glob
    from mmengine.config import Config
    root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    files = sorted(glob.glob(osp.join(root, 'configs/_base_/datasets/*.py')))
    files = [f for f in files if osp.basename(f).startswith(('ntu', 'pku'))]
    assert len(files) >= 20
    monkeypatch.chdir(tmp_path)           # no data/ here
    for f in files:
        cfg = Config.fromfile(f)
        for key in ('train_dataset', 'val_dataset'):
            with pytest.raises(FileNotFoundError) as e:
                DATASETS.build(cfg[key])
            msg = str(e.value)
            assert 'data/' in msg and ('tools/data' in msg
                                       or 'docs/datasets.md' in msg), msg
