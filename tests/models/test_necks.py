"""Necks and heads check the layout they receive and name what they
expected (skelact.models.layouts)."""
import pytest
import torch

from skelact.models.heads.linear_head import LinearHead
from skelact.models.layouts import channel_axis, check_feature_map
from skelact.models.necks.eadm import EADM
from skelact.models.necks.pooling import GlobalAveragePooling
from skelact.models.necks.projector import MLPProjector


def test_skeleton_pooling_rejects_other_ranks_and_names_the_layout():
    pool = GlobalAveragePooling()
    for shape in [(2, 8, 5, 7), (2, 3, 8, 5, 7, 1), (2, 8)]:
        with pytest.raises(ValueError, match=r'\(N, M, C, T, V\)'):
            pool(torch.randn(*shape))


def test_pooling_checks_channels_when_given():
    x = torch.randn(2, 3, 8, 5, 7)  # (N, M, C, T, V)
    GlobalAveragePooling(in_channels=8)(x)
    # a volume map (N, C, T, H, W) read as a skeleton map: C is at axis 2
    with pytest.raises(ValueError, match='C=8'):
        GlobalAveragePooling(in_channels=8)(x.movedim(2, 1))


def test_volume_pooling_means_over_time_height_width():
    x = torch.randn(2, 8, 4, 6, 6)  # (N, C, T, H, W)
    pool = GlobalAveragePooling(layout='volume', in_channels=8)
    torch.testing.assert_close(pool(x), x.mean((2, 3, 4)))
    with pytest.raises(ValueError, match=r'\(N, C, T, H, W\)'):
        pool(torch.randn(2, 8, 6, 6))
    with pytest.raises(ValueError, match='layout'):
        GlobalAveragePooling(layout='NCTHW')


def test_layout_helpers():
    assert channel_axis('skeleton') == 2 and channel_axis('volume') == 1
    x = torch.zeros(1, 2, 3, 4, 5)
    assert check_feature_map(x, 'volume', 'x', in_channels=2) is x
    with pytest.raises(ValueError, match='unknown layout'):
        check_feature_map(x, 'image')
    with pytest.raises(ValueError, match='got list'):
        check_feature_map([x], 'skeleton', 'Neck')


def test_eadm_wants_a_skeleton_map():
    with pytest.raises(ValueError, match=r'EADM: expected a skeleton'):
        EADM()(torch.randn(4, 8, 6, 5))


def test_projector_and_linear_head_want_pooled_features():
    proj = MLPProjector(8, 8, 4)
    assert proj(torch.randn(3, 8)).shape == (3, 4)
    with pytest.raises(ValueError, match=r'MLPProjector: expected pooled '
                                         r'features \(N, 8\)'):
        proj(torch.randn(3, 2, 8, 5, 7))
    with pytest.raises(ValueError, match=r'\(N, 8\)'):
        proj(torch.randn(3, 6))
    head = LinearHead(5, in_channels=8)
    with pytest.raises(ValueError, match='pooling neck'):
        head(torch.randn(3, 2, 8, 5, 7))
