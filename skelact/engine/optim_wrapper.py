"""Mixed precision on CPU.

mmengine's ``AmpOptimWrapper`` only runs on accelerators. On a CPU with
bf16 units (AVX-512 BF16 / AMX) autocasting matrix products to bfloat16 is
a real speed-up, and bf16 keeps fp32's exponent range, so no loss scaling
is needed.
"""
from contextlib import contextmanager

import torch
from mmengine.optim import OptimWrapper

from skelact.registry import OPTIM_WRAPPERS

__all__ = ['CPUAutocastOptimWrapper']


@OPTIM_WRAPPERS.register_module()
class CPUAutocastOptimWrapper(OptimWrapper):
    """An ``OptimWrapper`` whose forward runs under
    ``torch.autocast('cpu', dtype)`` (bfloat16 by default)."""

    def __init__(self, *args, dtype='bfloat16', **kwargs):
        super().__init__(*args, **kwargs)
        self.cast_dtype = getattr(torch, dtype) if isinstance(dtype, str) \
            else dtype

    @contextmanager
    def optim_context(self, model):
        with super().optim_context(model), \
                torch.autocast('cpu', dtype=self.cast_dtype):
            yield
