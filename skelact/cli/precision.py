"""``--amp``, ``--amp-force``, ``--amp-dtype`` and ``--compile`` of the
tools.

``--amp`` is mixed precision where it pays:

- GPU: ``AmpOptimWrapper`` (fp16 with a dynamic loss scale, or bf16 with
  ``--amp-dtype bfloat16``);
- CPU with native bf16 matrix units (AMX / AVX-512 BF16):
  ``CPUAutocastOptimWrapper`` (bf16 autocast);
- CPU without them: a warning and fp32, because bf16 runs there in
  reference kernels several times slower than fp32 (measured,
  benchmarks/README.md); ``--amp-force`` (or ``SKELACT_AMP_FORCE=1``)
  uses bf16 anyway.

Either way the log records the CPU's kind and the precision used.

``--compile`` compiles every backbone in place (``nn.Module.compile``,
so the checkpoint keys do not change); ``--compile MODE`` passes
``mode=MODE`` to ``torch.compile``.
"""
import os
import warnings
from typing import Optional

import torch

from skelact.utils.cpu_features import cpu_report

__all__ = ['add_precision_args', 'configure_precision', 'log_precision',
           'compile_backbones']

_DTYPES = ('float16', 'bfloat16')


def add_precision_args(parser, train: bool = True):
    """Add ``--amp``/``--amp-force``/``--amp-dtype`` (training) and
    ``--compile`` to ``parser``."""
    if train:
        parser.add_argument(
            '--amp', action='store_true',
            help='mixed precision: fp16 on GPU; bf16 on a CPU with native '
            'bf16 (AMX / AVX-512 BF16), fp32 with a warning on other CPUs')
        parser.add_argument(
            '--amp-force', action='store_true',
            help='with --amp: bf16 on a CPU without native bf16 too '
            '(also SKELACT_AMP_FORCE=1)')
        parser.add_argument('--amp-dtype', choices=_DTYPES,
                            help='autocast dtype (default: float16 on GPU, '
                            'bfloat16 on CPU)')
    parser.add_argument(
        '--compile', nargs='?', const='default', metavar='MODE',
        help='torch.compile the backbone(s) (optionally a torch.compile '
        'mode: default, reduce-overhead, max-autotune)')


def configure_precision(cfg, amp: bool, force: bool = False,
                        dtype: Optional[str] = None,
                        cuda: Optional[bool] = None) -> str:
    """Set ``cfg.optim_wrapper`` for ``--amp`` and return the log line
    naming the device, the CPU's capability and the precision used."""
    cuda = torch.cuda.is_available() if cuda is None else cuda
    force = force or os.environ.get('SKELACT_AMP_FORCE', '') not in ('', '0')
    cpu = cpu_report()
    where = (f'CPU kind {cpu["kind"]} (native bf16: {cpu["native_bf16"]}, '
             f'torch ISA {cpu["torch_capability"]}, oneDNN bf16: '
             f'{cpu["onednn_bf16"]})')
    if not amp:
        return f'precision: fp32 ({"GPU" if cuda else where})'
    if dtype is not None and dtype not in _DTYPES:
        raise ValueError(f'--amp-dtype: expected one of {_DTYPES}, got '
                         f'{dtype!r}')
    wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
    if wrapper != 'OptimWrapper':
        raise ValueError(f'--amp: the config already uses {wrapper}')
    if cuda:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        dtype = dtype or 'float16'
        cfg.optim_wrapper.dtype = dtype
        if dtype == 'float16':
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
        return f'precision: {dtype} autocast on GPU (--amp)'
    dtype = dtype or 'bfloat16'
    if dtype == 'bfloat16' and not cpu['native_bf16'] and not force:
        msg = (f'--amp: this CPU has no native bf16 ({where}); bf16 would '
               'be slower than fp32 here, so training stays in fp32 '
               '(--amp-force or SKELACT_AMP_FORCE=1 uses bf16 anyway)')
        warnings.warn(msg)
        return f'precision: fp32, --amp declined: {where}'
    cfg.optim_wrapper.type = 'CPUAutocastOptimWrapper'
    cfg.optim_wrapper.dtype = dtype
    forced = ' (forced)' if not cpu['native_bf16'] else ''
    return f'precision: {dtype} autocast{forced} on {where}'


def log_precision(runner, line: str):
    """Write ``line`` to the run's log (and console)."""
    runner.logger.info(line)


def compile_backbones(model, mode: Optional[str] = 'default',
                      logger=None) -> int:
    """Compile, in place, every sub-module of ``model`` stored under the
    name ``backbone`` (the query encoder's and a momentum encoder's);
    return how many. Parameters and checkpoint keys stay as they are."""
    if not mode:
        return 0
    from skelact.utils.model import unwrap
    model = unwrap(model)
    opts = {} if mode == 'default' else dict(mode=mode)
    targets = [m for name, m in model.named_modules()
               if name.split('.')[-1] == 'backbone']
    if not targets:
        targets = [model]
    for module in targets:
        module.compile(**opts)
    if logger is not None:
        logger.info(f'--compile: torch.compile({opts or ""}) on '
                    f'{len(targets)} module(s); the first iterations '
                    'compile')
    return len(targets)
