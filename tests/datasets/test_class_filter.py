"""The class filter (the seed's 49 NTU-60 classes without A050-A060) and
the fixed-length frame selection of the graph2vec classifiers."""
import numpy as np
import pytest

from skelact.datasets import SyntheticDataset
from skelact.datasets.class_filter import (CLASS_SETS, filter_classes,
                                           resolve_classes)
from skelact.datasets.frame_select import select_frames


def test_ntu60_mutual_is_a050_to_a060():
    mutual = resolve_classes('ntu60_mutual')
    assert mutual == tuple(range(49, 60)) and len(mutual) == 11
    assert 60 - len(mutual) == 49
    assert len(CLASS_SETS['ntu120_mutual']) == 26


def test_filter_relabels_from_the_full_class_range():
    # labels 0..5, drop 1 and 4; class 3 is absent from this split but
    # keeps its slot (new label 2), so class 5 becomes 3, not 2
    recs = [dict(label=c, sample_name=str(c)) for c in (0, 1, 2, 4, 5)]
    out, label_map, names = filter_classes(
        recs, [1, 4], num_classes=6, classes=list('abcdef'))
    assert label_map == {0: 0, 2: 1, 3: 2, 5: 3}
    assert [r['label'] for r in out] == [0, 1, 3]
    assert [r['sample_name'] for r in out] == ['0', '2', '5']
    assert names == list('acdf')
    assert recs[4]['label'] == 5          # the input is not modified


def test_ntu60_filter_keeps_labels_0_to_48():
    recs = [dict(label=c) for c in range(60)]
    out, label_map, _ = filter_classes(recs, 'ntu60_mutual', num_classes=60)
    assert [r['label'] for r in out] == list(range(49))
    assert len(label_map) == 49


def test_bad_class_set_is_named():
    with pytest.raises(ValueError, match='ntu60_mutual'):
        resolve_classes('ntu_mutual_typo')
    with pytest.raises(ValueError, match='negative'):
        resolve_classes([-1])


def test_dataset_option_on_the_synthetic_set():
    """Any skeleton dataset takes exclude_classes=: the synthetic set's
    interactions (labels 8, 9 of the first ten) go, 8 classes remain."""
    full = SyntheticDataset(split='xsub_val', num_classes=10,
                            samples_per_class_subject_camera=1)
    ds = SyntheticDataset(split='xsub_val', num_classes=10,
                          samples_per_class_subject_camera=1,
                          exclude_classes='synthetic_interaction')
    labels = {ds.get_data_info(i)['label'] for i in range(len(ds))}
    assert labels == set(range(8))
    assert ds.num_classes == 8
    assert len(ds) == len(full) * 8 // 10
    # a single-person sample: the second person is all zeros
    assert not ds.get_data_info(0)['keypoint'][1].any()


def test_select_frames_modes():
    stride = select_frames(100, 60, 'stride', 300)
    assert stride[:20].tolist() == list(range(0, 100, 5))
    assert (stride[20:] == -1).all() and len(stride) == 60
    full = select_frames(300, 60, 'stride', 300)
    assert full.tolist() == list(range(0, 300, 5))
    uni = select_frames(30, 60, 'uniform')
    assert len(uni) == 60 and uni.min() == 0 and uni.max() == 29
    assert (np.diff(uni) >= 0).all()
    assert select_frames(120, 60, 'uniform').tolist() == list(
        range(1, 120, 2))
    first = select_frames(50, 60, 'first')
    assert first[:50].tolist() == list(range(50)) and (first[50:] == -1).all()
    assert select_frames(7, mode='all').tolist() == list(range(7))
    with pytest.raises(ValueError, match='frame_select'):
        select_frames(10, 60, 'every5th')
    with pytest.raises(ValueError, match='multiple'):
        select_frames(10, 60, 'stride', 250)
