import numpy as np
import pytest

from skelact.models.layers.graph import Graph
from skelact.skeletons import LAYOUTS, get_layout


@pytest.mark.parametrize('name,num', [('nturgb+d', 25), ('coco', 17),
                                      ('h36m', 17), ('openpose', 18)])
def test_layout_is_a_tree(name, num):
    layout = get_layout(name)
    assert layout.num_joints == num
    # one bone per joint, the centre its own parent, the rest a tree
    assert sorted(c for c, _ in layout.bones) == list(range(num))
    assert len(layout.edges) == num - 1
    roots = [c for c, p in layout.bones if c == p]
    assert roots == [layout.center] or name == 'nturgb+d'
    # every joint reaches the centre following parents (no cycle)
    parent = dict(layout.bones)
    for j in range(num):
        seen = set()
        while parent[j] != j:
            assert j not in seen
            seen.add(j)
            j = parent[j]


@pytest.mark.parametrize('name', sorted(LAYOUTS))
def test_flip_index_is_an_involution_swapping_left_and_right(name):
    layout = get_layout(name)
    idx = np.array(layout.flip_index)
    assert (idx[idx] == np.arange(layout.num_joints)).all()
    for left, right in layout.flip_pairs:
        assert layout.joints[left].startswith('left_')
        assert layout.joints[right] == layout.joints[left].replace(
            'left', 'right')


def test_ntu_flip_order_matches_aimclr():
    # AimCLR feeder/tools.py transform_order['ntu']
    expected = [0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 16, 17, 18, 19, 12, 13,
                14, 15, 20, 23, 24, 21, 22]
    assert list(get_layout('nturgb+d').flip_index) == expected


def test_unknown_layout_error_names_choices():
    with pytest.raises(KeyError, match='nturgb'):
        get_layout('kinect')


def test_spatial_graph_shape_and_normalisation():
    g = Graph('nturgb+d', 'spatial')
    assert g.A.shape == (3, 25, 25)
    assert g.A.dtype == np.float32
    # column-normalised over all subsets: each joint's inputs sum to 1
    np.testing.assert_allclose(g.A.sum(0).sum(0), np.ones(25), rtol=1e-6)
    # subset 0 is the root (self-loops only)
    np.testing.assert_array_equal(np.nonzero(g.A[0])[0], np.nonzero(g.A[0])[1])
    # spine_mid (1) sits between spine_base (0) and the centre (20):
    # 0 -> 1 flows towards the centre (subset 1), 20 -> 1 away (subset 2)
    assert g.A[1, 0, 1] > 0 and g.A[2, 0, 1] == 0
    assert g.A[2, 20, 1] > 0 and g.A[1, 20, 1] == 0
    # column 1 has 3 entries (itself, 0, 20): each 1/3
    np.testing.assert_allclose(g.A[:, :, 1].sum(0)[[0, 1, 20]], [1 / 3] * 3)


def test_graph_strategies_and_errors():
    assert Graph('coco', 'uniform').A.shape == (1, 17, 17)
    assert Graph('openpose', 'distance').A.shape == (2, 18, 18)
    with pytest.raises(ValueError, match='strategy'):
        Graph('coco', 'weird')
