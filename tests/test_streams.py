"""Streams (skelact.streams): joint, bone and motion on numpy arrays and
torch tensors, samples and batches."""
import numpy as np
import pytest
import torch

from skelact.skeletons import get_layout
from skelact.streams import STREAMS, to_stream


def _kp(seed=0, t=50):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(2, t, 25, 3)).astype(np.float32)


@pytest.mark.parametrize('stream', STREAMS)
def test_numpy_sample(stream):
    kp = _kp()
    before = kp.copy()
    out = to_stream(kp, stream)
    assert isinstance(out, np.ndarray)
    assert out.shape == kp.shape and out.dtype == kp.dtype
    np.testing.assert_array_equal(kp, before)  # input untouched
    if stream == 'joint':
        np.testing.assert_array_equal(out, kp)
    if stream == 'bone':  # spine-shoulder (centre) has a zero bone
        assert np.all(out[:, :, 20] == 0)
        for child, parent in get_layout('nturgb+d').bones:
            np.testing.assert_array_equal(out[:, :, child],
                                          kp[:, :, child] - kp[:, :, parent])
    if stream == 'motion':
        assert np.all(out[:, -1] == 0)
        np.testing.assert_array_equal(out[:, :-1], kp[:, 1:] - kp[:, :-1])


@pytest.mark.parametrize('stream', STREAMS)
def test_torch_batch_matches_numpy(stream):
    kp = np.stack([_kp(0), _kp(1)])  # (N, M, T, V, C)
    out = to_stream(torch.from_numpy(kp), stream)
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(out.numpy(), np.stack(
        [to_stream(k, stream) for k in kp]))


def test_unknown_stream():
    with pytest.raises(ValueError, match='unknown stream'):
        to_stream(_kp(), 'angle')
