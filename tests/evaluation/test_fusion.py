import numpy as np
import pytest

from skelact.evaluation.fusion import fuse_files, fuse_scores


def dump(path, scores, labels, names):
    np.savez(path, scores=np.asarray(scores, np.float32),
             labels=np.asarray(labels, np.int64),
             sample_names=np.asarray(names, np.str_))
    return str(path)


def test_fuse_scores_weighted_sum():
    a = np.array([[0.9, 0.1], [0.4, 0.6]])
    b = np.array([[0.2, 0.8], [0.3, 0.7]])
    fused = fuse_scores([a, b], [0.6, 0.4])
    np.testing.assert_allclose(fused, [[0.62, 0.38], [0.36, 0.64]])
    with pytest.raises(ValueError, match='2 score arrays but 1 weights'):
        fuse_scores([a, b], [1.0])


def test_fusion_fixes_what_each_stream_gets_wrong(tmp_path):
    names, labels = ['s0', 's1', 's2'], [0, 1, 1]
    # joint is right on s0, s2; bone on s1, s2; fused (0.6 / 0.6 / 0.4)
    # right on all three
    joint = dump(tmp_path / 'j.npz', [[.9, .1], [.6, .4], [.2, .8]],
                 labels, names)
    bone = dump(tmp_path / 'b.npz', [[.4, .6], [.1, .9], [.3, .7]],
                labels, names)
    motion = dump(tmp_path / 'm.npz', [[.5, .5], [.5, .5], [.5, .5]],
                  labels, names)
    out = fuse_files([joint, bone, motion], [0.6, 0.6, 0.4], topk=(1,))
    assert out[f'{joint}/top1'] == pytest.approx(2 / 3)
    assert out[f'{bone}/top1'] == pytest.approx(2 / 3)
    assert out['fused/top1'] == pytest.approx(1.0)


def test_fusion_refuses_different_samples(tmp_path):
    a = dump(tmp_path / 'a.npz', [[1, 0]], [0], ['s0'])
    b = dump(tmp_path / 'b.npz', [[1, 0]], [0], ['s9'])
    with pytest.raises(ValueError, match='samples differ'):
        fuse_files([a, b], [1, 1])
