"""Bad input gets one clear error naming the file, the field and what was
expected."""
import numpy as np
import pytest

from skelact.datasets.base import DataError, SkeletonDataset
from skelact.datasets import SkelactDataset
from skelact.datasets.formats import write_skelact


class InMemory(SkeletonDataset):
    def __init__(self, records, **kwargs):
        self._records = records
        super().__init__(ann_file='memory.npz', **kwargs)

    def full_init(self):  # no file to check
        super(SkeletonDataset, self).full_init()

    def load_data_list(self):
        return [dict(r) for r in self._records]


def rec(kp, label=0, name='S001C001P001R001A001'):
    return dict(keypoint=kp, label=label, sample_name=name,
                total_frames=kp.shape[1])


def good(t=5, v=25):
    return np.zeros((2, t, v, 3), np.float32)


def test_missing_file_names_path_and_how_to_prepare(tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        SkelactDataset(ann_file=str(tmp_path / 'nope'), split='train')
    assert str(tmp_path / 'nope') in str(e.value)
    assert 'tools/data' in str(e.value)


def test_joint_count_mismatch():
    ds = InMemory([rec(good(v=24))], layout='nturgb+d')
    with pytest.raises(DataError, match=r'memory.npz.*S001C001P001R001A001.*'
                       r'"keypoint" has 24 joints, expected 25'):
        ds[0]


def test_nan_and_inf_coordinates():
    kp = good()
    kp[0, 2, 3, 1] = np.nan
    with pytest.raises(DataError, match='NaN or infinite'):
        InMemory([rec(kp)])[0]
    kp = good()
    kp[1, 0, 0, 0] = np.inf
    with pytest.raises(DataError, match='"keypoint" holds NaN or infinite'):
        InMemory([rec(kp)])[0]


def test_zero_length_sequence():
    with pytest.raises(DataError, match='zero frames'):
        InMemory([rec(good(t=0))])[0]


def test_label_outside_num_classes():
    with pytest.raises(DataError, match=r'"label" of sample S9 is 60, '
                       r'expected an integer in \[0, 60\)'):
        InMemory([rec(good()), rec(good(), label=60, name='S9')],
                 num_classes=60)


def test_wrong_layout_in_folder(tmp_path):
    out = write_skelact(str(tmp_path / 'd'), [rec(good())], dict(all=[0]))
    with pytest.raises(DataError, match='"layout" is \'nturgb\\+d\''):
        SkelactDataset(ann_file=out, split='all', layout='coco')


def test_unknown_split_lists_existing(tmp_path):
    out = write_skelact(str(tmp_path / 'd'), [rec(good())], dict(all=[0]))
    with pytest.raises(DataError, match=r"no split 'train'.*\['all'\]"):
        SkelactDataset(ann_file=out, split='train')


def test_writer_refuses_wrong_shape(tmp_path):
    with pytest.raises(DataError, match=r'expected \(M, T, 25, 3\)'):
        write_skelact(str(tmp_path / 'd'), [rec(good(v=17))], dict(a=[0]))
    assert not (tmp_path / 'd').exists()  # nothing half-written published


def test_skelact_format_round_trip_and_memmap(tmp_path):
    rng = np.random.default_rng(0)
    recs = [rec(rng.normal(size=(2, t, 25, 3)).astype('f4'), label=i,
                name=f'S001C00{i + 1}P001R001A00{i + 1}')
            for i, t in enumerate([3, 7, 5])]
    recs[1]['subject'] = 4
    out = write_skelact(str(tmp_path / 'd'), recs,
                        dict(a=[0, 2], b=[1]), num_classes=3)
    ds = SkelactDataset(ann_file=out, split='a')
    assert len(ds) == 2
    np.testing.assert_array_equal(ds[1]['keypoint'], recs[2]['keypoint'])
    assert ds[1]['label'] == 2 and ds[1]['total_frames'] == 5
    b = SkelactDataset(ann_file=out, split='b')
    np.testing.assert_array_equal(b[0]['keypoint'], recs[1]['keypoint'])
    assert b[0]['subject'] == 4 and 'camera' not in b[0]
    assert isinstance(b._keypoint, np.memmap)
    import pickle
    assert pickle.loads(pickle.dumps(b))._keypoint is None


def test_label_fraction_is_balanced_and_reproducible(tmp_path):
    recs = [rec(good(), label=i % 4, name=f'n{i}') for i in range(400)]
    a = InMemory(recs, label_fraction=0.1, subset_seed=3)
    b = InMemory(recs, label_fraction=0.1, subset_seed=3)
    c = InMemory(recs, label_fraction=0.1, subset_seed=4)
    def names(ds):
        return [ds.get_data_info(i)['sample_name'] for i in range(len(ds))]

    assert len(a) == 40 and names(a) == names(b) and names(a) != names(c)
    counts = np.bincount([a.get_data_info(i)['label'] for i in range(40)])
    assert counts.tolist() == [10, 10, 10, 10]
