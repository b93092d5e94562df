import pytest
import torch

from skelact.models.layers import Dropout


def test_dropout_is_inverted_dropout():
    torch.manual_seed(0)
    d = Dropout(0.25)
    x = torch.ones(200, 500)
    y = d(x)
    kept = y != 0
    # kept elements are scaled by 1 / (1 - p), about 1 - p of them kept
    assert torch.allclose(y[kept], torch.full_like(y[kept], 1 / 0.75))
    assert abs(kept.float().mean().item() - 0.75) < 0.01
    assert abs(y.mean().item() - 1.0) < 0.02  # expectation preserved
    d.eval()
    assert d(x) is x


def test_dropout_inplace_gradient_and_edges():
    x = torch.randn(50, 40, requires_grad=True)
    y = Dropout(0.5)(x * 1)
    y.sum().backward()
    mask = (y != 0).float()
    torch.testing.assert_close(x.grad, mask * 2)
    z = torch.ones(10)
    assert Dropout(0.5, inplace=True)(z) is z
    assert Dropout(1.0)(torch.ones(5)).eq(0).all()
    assert torch.equal(Dropout(0.0)(z), z)
    with pytest.raises(ValueError):
        Dropout(1.5)
