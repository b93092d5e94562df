"""Which ST-GCN formulation (:mod:`.stgcn_ops`) a model gets by default.

``'auto'`` picks, per kind of CPU (:func:`skelact.utils.cpu_features.
cpu_kind`), the pair measured fastest there by ``benchmarks/run.py``
(benchmarks/README.md); every pair computes the same function of the same
parameters, so the choice never changes a checkpoint.
"""
from typing import Tuple

from skelact.utils.cpu_features import cpu_kind
from .stgcn_ops import GCN_IMPLS, TCN_IMPLS

__all__ = ['DEFAULT_STGCN_IMPLS', 'default_stgcn_impls',
           'resolve_stgcn_impls']

#: (gcn_impl, tcn_impl) per CPU kind. avx2 and avx512 (no native bf16):
#: the authors' formulation. Measured on the 2-core AMD EPYC (AVX2)
#: development CPU, ST-GCN 16/256, 50 frames, forward + backward, fp32,
#: interleaved runs: channels_last 0.97-0.99x of einsum/conv at batch 8
#: (an earlier batch-16 run gave 1.38x, inside the noise of the loaded
#: machine), matmul 0.70x, unfold 0.46x; nothing measured faster, so the
#: default stays. The kinds with native bf16 take the channels-last
#: temporal convolution, oneDNN's blocked layout for its bf16/AMX kernels
#: (NOT measured: no such CPU was available to this work).
DEFAULT_STGCN_IMPLS = {
    'amx': ('einsum', 'channels_last'),
    'avx512_bf16': ('einsum', 'channels_last'),
    'avx512': ('einsum', 'conv'),
    'avx2': ('einsum', 'conv'),
    'other': ('einsum', 'conv'),
}


def default_stgcn_impls(kind: str = None) -> Tuple[str, str]:
    """(gcn_impl, tcn_impl) for ``kind`` (default: this CPU's)."""
    return DEFAULT_STGCN_IMPLS.get(kind or cpu_kind(),
                                   DEFAULT_STGCN_IMPLS['other'])


def resolve_stgcn_impls(gcn_impl: str = 'auto',
                        tcn_impl: str = 'auto') -> Tuple[str, str]:
    """Replace ``'auto'`` by this CPU's default; check the names."""
    gcn_default, tcn_default = default_stgcn_impls()
    gcn_impl = gcn_default if gcn_impl == 'auto' else gcn_impl
    tcn_impl = tcn_default if tcn_impl == 'auto' else tcn_impl
    if gcn_impl not in GCN_IMPLS:
        raise ValueError(f'STGCN: gcn_impl must be "auto" or one of '
                         f'{GCN_IMPLS}, got {gcn_impl!r}')
    if tcn_impl not in TCN_IMPLS:
        raise ValueError(f'STGCN: tcn_impl must be "auto" or one of '
                         f'{TCN_IMPLS}, got {tcn_impl!r}')
    return gcn_impl, tcn_impl
