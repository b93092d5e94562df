"""What the CPU offers for reduced precision, and which kind of CPU it is.

bf16 autocast on a CPU only pays where the matrix units take bf16
natively: AMX (``amx_bf16``, Intel Sapphire Rapids and later) or
AVX-512 BF16 (``avx512_bf16``: Cooper Lake, AMD Zen 4 and later). Without
them oneDNN either emulates bf16 with AVX-512 conversions or, on an AVX2
CPU, falls back to reference kernels that are many times slower than
fp32 (measured in benchmarks/README.md).

The kinds, best first: ``'amx'``, ``'avx512_bf16'``, ``'avx512'``,
``'avx2'``, ``'other'``.
"""
import functools
import os
from typing import Dict, FrozenSet

__all__ = ['cpu_flags', 'cpu_kind', 'native_bf16', 'cpu_report',
           'CPU_KINDS']

CPU_KINDS = ('amx', 'avx512_bf16', 'avx512', 'avx2', 'other')


@functools.lru_cache(maxsize=None)
def cpu_flags(path: str = '/proc/cpuinfo') -> FrozenSet[str]:
    """The ``flags`` of the first processor in ``path`` (Linux); empty
    where the file is absent."""
    if not os.path.isfile(path):
        return frozenset()
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            key, _, value = line.partition(':')
            if key.strip() in ('flags', 'Features'):
                return frozenset(value.split())
    return frozenset()


def _torch_capability() -> str:
    try:
        import torch
        return str(torch.backends.cpu.get_cpu_capability())
    except Exception:  # older torch
        return 'unknown'


def cpu_kind(flags=None) -> str:
    """One of :data:`CPU_KINDS`, from the CPU's flags (or torch's
    capability where /proc/cpuinfo is unavailable)."""
    flags = cpu_flags() if flags is None else frozenset(flags)
    if not flags:
        cap = _torch_capability().upper()
        return 'avx512' if 'AVX512' in cap else \
            'avx2' if 'AVX2' in cap else 'other'
    if 'amx_bf16' in flags:
        return 'amx'
    if 'avx512_bf16' in flags:
        return 'avx512_bf16'
    if 'avx512f' in flags:
        return 'avx512'
    if 'avx2' in flags:
        return 'avx2'
    return 'other'


def native_bf16(flags=None) -> bool:
    """Whether the CPU computes bf16 products natively (AMX or AVX-512
    BF16)."""
    return cpu_kind(flags) in ('amx', 'avx512_bf16')


def cpu_report() -> Dict[str, object]:
    """The facts a log line records: kind, native bf16, torch's ISA and
    oneDNN's own bf16 answer."""
    mkldnn_bf16 = None
    try:
        import torch
        mkldnn_bf16 = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:
        pass
    return dict(kind=cpu_kind(), native_bf16=native_bf16(),
                torch_capability=_torch_capability(),
                onednn_bf16=mkldnn_bf16)
