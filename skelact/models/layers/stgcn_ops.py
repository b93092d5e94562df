"""Interchangeable formulations of ST-GCN's two costly operations.

All of them compute the same function from the same parameters (the
``nn.Conv2d`` weights of :class:`~skelact.models.backbones.stgcn.GraphConv`
and of the temporal convolution), so a checkpoint loads into any of them
and the outputs agree to float tolerance; they differ in how oneDNN /
ATen run them, which matters for speed and for bf16 (a CPU without native
bf16 runs a bf16 ``(9, 1)`` convolution in a slow reference kernel, while
a matrix product stays on the vector units).

Temporal convolution (``tcn_impl``):

- ``'conv'``: ``F.conv2d`` on the contiguous (N, C, T, V) tensor (the
  authors' code);
- ``'channels_last'``: the same convolution on a channels-last tensor
  (oneDNN's blocked NHWC kernels, also its bf16/AMX path);
- ``'unfold'``: the 9 shifted frame windows stacked and contracted with
  the weight as one matrix product ``(N T V, C 9) x (C 9, C')``.

Graph aggregation ``y_w = sum_k sum_v x_{k,v} A_{k,v,w}`` (``gcn_impl``):

- ``'einsum'``: ``torch.einsum('nkctv,kvw->nctw')`` after the 1x1
  convolution (the authors' code);
- ``'matmul'``: the same as one matrix product ``(N C T, K V) x (K V, V)``;
- ``'aggregate_first'``: the aggregation on the input side of the 1x1
  convolution, ``sum_k W_k (x A_k) + sum_k b_k colsum(A_k)``, cheaper
  where a block widens (K * C_in < K * C_out aggregated channels);
- ``'cheaper'``: ``'aggregate_first'`` where C_in < C_out, else
  ``'matmul'``.
"""
import torch
import torch.nn.functional as F

__all__ = ['TCN_IMPLS', 'GCN_IMPLS', 'temporal_conv', 'graph_conv']

TCN_IMPLS = ('conv', 'channels_last', 'unfold')
GCN_IMPLS = ('einsum', 'matmul', 'aggregate_first', 'cheaper')


def _check(impl, choices, what):
    if impl not in choices:
        raise ValueError(f'{what}: unknown implementation {impl!r}; '
                         f'expected one of {choices}')


def temporal_conv(x: torch.Tensor, conv: torch.nn.Conv2d,
                  impl: str = 'conv') -> torch.Tensor:
    """``conv`` (a (kt, 1) convolution over frames) applied to ``x``
    (N, C, T, V) in the formulation ``impl``; output contiguous."""
    if impl == 'conv':
        return conv(x)
    if impl == 'channels_last':
        out = conv(x.contiguous(memory_format=torch.channels_last))
        return out.contiguous()
    _check(impl, TCN_IMPLS, 'temporal_conv')
    kt = conv.kernel_size[0]
    stride, pad = conv.stride[0], conv.padding[0]
    n, c, t, v = x.shape
    xp = F.pad(x, (0, 0, pad, pad))
    t_out = (t + 2 * pad - kt) // stride + 1
    # (N, C, T', V, kt): window j of output frame i is input frame
    # i * stride + j
    win = xp.unfold(2, kt, stride)[:, :, :t_out]
    cols = win.permute(0, 2, 3, 1, 4).reshape(n * t_out * v, c * kt)
    weight = conv.weight.reshape(conv.out_channels, c * kt)
    out = cols @ weight.t()
    if conv.bias is not None:
        out = out + conv.bias
    return out.view(n, t_out, v, -1).permute(0, 3, 1, 2).contiguous()


def _aggregate(y: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
    """(N, K, C, T, V) x (K, V, W) -> (N, C, T, W) as one matmul."""
    n, k, c, t, v = y.shape
    flat = y.permute(0, 2, 3, 1, 4).reshape(n * c * t, k * v)
    return (flat @ A.reshape(k * v, -1)).view(n, c, t, -1)


def graph_conv(x: torch.Tensor, conv: torch.nn.Conv2d, A: torch.Tensor,
               impl: str = 'einsum') -> torch.Tensor:
    """ST-GCN's spatial graph convolution ``sum_k (W_k x + b_k) A_k`` with
    ``conv`` the 1x1 convolution producing the K subsets' channels
    (``out_channels = K * C'``, subset-major), ``x`` (N, C, T, V) and
    ``A`` (K, V, V); output (N, C', T, V), contiguous."""
    n, c, t, v = x.shape
    k = A.shape[0]
    cout = conv.out_channels // k
    if impl == 'cheaper':
        impl = 'aggregate_first' if c < cout else 'matmul'
    if impl == 'einsum':
        y = conv(x).view(n, k, cout, t, v)
        return torch.einsum('nkctv,kvw->nctw', y, A).contiguous()
    if impl == 'matmul':
        return _aggregate(conv(x).view(n, k, cout, t, v), A)
    _check(impl, GCN_IMPLS, 'graph_conv')
    # aggregate first: xa[n, k, c, t, w] = sum_v x[n, c, t, v] A[k, v, w]
    xa = torch.matmul(x.unsqueeze(1), A.unsqueeze(1).unsqueeze(0))
    # W[k * C' + o, i] -> W'[o, k * C + i]
    weight = conv.weight.view(k, cout, c).permute(1, 0, 2).reshape(
        cout, k * c)
    out = F.conv2d(xa.reshape(n, k * c, t, v), weight[:, :, None, None])
    if conv.bias is not None:
        # sum_k b_k[o] * sum_v A[k, v, w]
        bias = conv.bias.view(k, cout).t() @ A.sum(1)  # (C', W)
        out = out + bias[:, None, :]
    return out
