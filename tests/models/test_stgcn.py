import pytest
import torch

from skelact.models.backbones.stgcn import STGCN
from skelact.registry import MODELS


def num_params(m):
    return sum(p.numel() for p in m.parameters())


def test_aimclr_width_parameter_count():
    # AimCLR / CrosSCLR quarter-width ST-GCN on the NTU graph
    assert num_params(STGCN(hidden_channels=16, hidden_dim=256)) == 821380


def test_output_is_the_feature_map():
    m = STGCN(hidden_channels=8, hidden_dim=32).eval()
    out = m(torch.randn(3, 2, 50, 25, 3))
    # strides 2 at blocks 5 and 8: 50 -> 25 -> 13
    assert out.shape == (3, 2, 32, 13, 25)


def test_block_structure_matches_reference():
    m = STGCN(hidden_channels=16, hidden_dim=256, dropout=0.5)
    kinds = [b.residual_kind for b in m.blocks]
    assert kinds == ['none', 'identity', 'identity', 'identity', 'conv',
                     'identity', 'identity', 'conv', 'identity', 'conv']
    strides = [b.tcn[2].stride[0] for b in m.blocks]
    assert strides == [1, 1, 1, 1, 2, 1, 1, 2, 1, 1]
    assert [b.tcn[2].kernel_size for b in m.blocks] == [(9, 1)] * 10
    assert m.blocks[0].tcn[4].p == 0 and m.blocks[1].tcn[4].p == 0.5
    assert len(m.edge_importance) == 10
    assert 'A' not in m.state_dict()  # derived from the layout


def test_data_bn_channel_order_is_v_times_c_plus_c():
    m = STGCN(hidden_channels=4, hidden_dim=8).eval()
    with torch.no_grad():
        m.data_bn.running_mean.zero_()
        m.data_bn.running_var.fill_(1 - m.data_bn.eps)
        # shift exactly channel v=3, c=1 of the BN
        m.data_bn.bias.zero_()
        m.data_bn.bias[3 * 3 + 1] = 5.0
    captured = {}

    def grab(module, args):
        captured['x'] = args[0]

    m.blocks[0].register_forward_pre_hook(grab)
    m(torch.zeros(1, 1, 4, 25, 3))
    x = captured['x']  # (N*M, C, T, V)
    assert x[0, 1, :, 3].eq(5).all()
    assert x.abs().sum() == 4 * 5


def test_shape_error_names_expectation():
    with pytest.raises(ValueError, match=r'\(N, M, T, 25, 3\)'):
        STGCN(hidden_channels=4, hidden_dim=8)(torch.randn(1, 1, 10, 17, 3))


def test_other_layouts_and_no_edge_importance():
    m = STGCN(hidden_channels=4, hidden_dim=8, in_channels=2,
              graph_cfg=dict(layout='coco'), edge_importance=False)
    assert m.edge_importance is None
    assert m(torch.randn(1, 1, 8, 17, 2)).shape == (1, 1, 8, 2, 17)


def test_builds_from_registry():
    import skelact.models  # noqa: F401
    m = MODELS.build(dict(type='STGCN', hidden_channels=4, hidden_dim=8))
    assert isinstance(m, STGCN)
