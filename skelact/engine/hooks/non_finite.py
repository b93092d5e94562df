"""The non-finite guard: a NaN or infinite loss never reaches the weights.

A hook sees the loss only after ``model.train_step`` has applied it, and
the optimiser wrapper sees only the summed loss; so the hook installs its
check on the runner's optimiser wrapper(s) at ``before_train``, with the
loss terms the model's ``parse_losses`` just logged:

- before ``backward``: every logged loss term (``loss_info``, ``loss_d3m``,
  ... and the sum ``loss``) must be finite -- on every rank (under DDP the
  verdict is all-reduced, so all ranks stop or skip together);
- with gradient clipping on (``optim_wrapper.clip_grad``, by norm): the
  gradient norm must be finite, checked before ``optimizer.step`` (not
  under ``AmpOptimWrapper``, whose loss scaler skips such steps itself).

A failed check raises :class:`NonFiniteError` inside the training step:
nothing is updated (no backward, no step, no enqueue of the keys of the
step into a MoCo queue: ``MemoryBankHook`` runs after the step), nothing is
saved, and ``tools/train.py`` prints one line naming the iteration and the
term, with the last good checkpoint (exit status 2). Two more checks keep
non-finite values off the disk whatever produced them: the model's state
after every epoch (before validation and the epoch's checkpoint) and every
checkpoint before it is written (weights, buffers such as the queue,
optimiser state).

``max_skips=N`` skips such a step instead, up to ``N`` times in a run (the
count is saved with the checkpoint's message hub): the gradients are
dropped, the optimiser is not stepped, and the buffers and frozen
parameters (BN statistics, the key encoder, the queue) are put back as
they were before the iteration, so weights, optimiser state and queue are
as if the batch had not been drawn. The iteration still counts (the LR
schedule goes on). The snapshot costs a copy of those tensors per
iteration, so it is taken only when ``max_skips > 0``.

``tools/train.py`` adds the hook to every run that does not list it; list
it in ``custom_hooks`` to choose ``max_skips``.
"""
import math
import os.path as osp
from typing import List, Optional, Tuple

import torch
from mmengine.hooks import Hook

from skelact.registry import HOOKS
from skelact.utils.model import unwrap

__all__ = ['NonFiniteError', 'NonFiniteGuardHook', 'add_non_finite_guard']

_SKIPS = 'non_finite_skips'  # message-hub info: skipped steps so far


class NonFiniteError(RuntimeError):
    """Training produced a NaN or infinite loss, gradient norm or state;
    the message names the iteration, the term and the last checkpoint."""


class _NonFiniteGrad(Exception):
    def __init__(self, value):
        super().__init__(value)
        self.value = value


def _value(v) -> float:
    if isinstance(v, torch.Tensor):
        return float(v.detach().float().mean()) if v.numel() else 0.0
    return float(v)


def _first_bad(terms: Optional[dict], loss) -> Optional[Tuple[str, float]]:
    """The first non-finite loss term (terms other than the sum first)."""
    for name, v in (terms or {}).items():
        if 'loss' in name and name != 'loss' and \
                not math.isfinite(_value(v)):
            return name, _value(v)
    total = loss if isinstance(loss, torch.Tensor) else torch.tensor(loss)
    if not bool(torch.isfinite(total.detach()).all()):
        return 'loss', _value(total)
    return None


def _any_rank(flag: bool, device) -> bool:
    import torch.distributed as dist
    if not (dist.is_available() and dist.is_initialized()) or \
            dist.get_world_size() == 1:
        return flag
    t = torch.tensor([1.0 if flag else 0.0], device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())


def _non_finite_tensors(named) -> List[str]:
    return [name for name, t in named
            if isinstance(t, torch.Tensor) and t.is_floating_point()
            and not bool(torch.isfinite(t).all())]


def _optimizer_tensors(state: dict):
    for pid, entries in (state or {}).get('state', {}).items():
        for key, t in entries.items():
            yield f'optimizer state {key} of parameter {pid}', t


def _wrappers(optim_wrapper) -> list:
    inner = getattr(optim_wrapper, 'optim_wrappers', None)  # OptimWrapperDict
    return list(inner.values()) if isinstance(inner, dict) else \
        [optim_wrapper]


@HOOKS.register_module()
class NonFiniteGuardHook(Hook):
    """Stop (or skip) a training step whose loss or gradient norm is not
    finite; refuse to save non-finite state (see the module doc).

    Args:
        max_skips: how many such steps a run may skip before it stops;
            0 (default) stops at the first.
    """

    priority = 'VERY_HIGH'  # snapshot before MomentumUpdateHook moves

    def __init__(self, max_skips: int = 0):
        if isinstance(max_skips, bool) or not isinstance(max_skips, int) \
                or max_skips < 0:
            raise ValueError('NonFiniteGuardHook: max_skips must be an '
                             f'integer >= 0, got {max_skips!r}')
        self.max_skips = max_skips
        self._runner = None
        self._terms = None
        self._snapshot = None
        self._installed = []

    # -- installation -----------------------------------------------------
    def before_train(self, runner):
        self._runner = runner
        model = unwrap(runner.model)
        if not getattr(model, '_non_finite_guarded', False):
            parse = model.parse_losses

            def parse_losses(losses):
                loss, log_vars = parse(losses)
                self._terms = log_vars
                return loss, log_vars

            model.parse_losses = parse_losses
            model._non_finite_guarded = True
            self._installed.append((model, 'parse_losses'))
        for ow in _wrappers(runner.optim_wrapper):
            if getattr(ow, '_non_finite_guarded', False):
                continue
            ow.update_params = self._guarded_update(ow, ow.update_params)
            self._installed.append((ow, 'update_params'))
            if ow.clip_grad_kwargs and not hasattr(ow, 'loss_scaler') and \
                    ow.clip_func is torch.nn.utils.clip_grad_norm_:
                ow.clip_func = self._guarded_clip(ow.clip_func)
                self._installed.append((ow, 'clip_func'))
            ow._non_finite_guarded = True

    def after_train(self, runner):
        for obj, attr in self._installed:
            obj.__dict__.pop(attr, None)  # the class's method again
            obj.__dict__.pop('_non_finite_guarded', None)
        self._installed = []

    @staticmethod
    def _guarded_clip(clip):
        def clip_func(params, **kwargs):
            norm = clip(params, **kwargs)
            if norm is not None and not bool(torch.isfinite(norm)):
                raise _NonFiniteGrad(float(norm))
            return norm
        return clip_func

    def _guarded_update(self, ow, update):
        def update_params(loss, step_kwargs=None, zero_kwargs=None):
            terms, self._terms = self._terms, None
            bad = _first_bad(terms, loss)
            device = loss.device if isinstance(loss, torch.Tensor) else 'cpu'
            if _any_rank(bad is not None, device):
                if bad is None:
                    bad = ('loss', 'non-finite on another rank')
                ow._inner_count += 1  # this step counts, as if run
                return self._handle(ow, 'loss', *bad)
            try:
                update(loss, step_kwargs, zero_kwargs)
            except _NonFiniteGrad as e:
                return self._handle(ow, 'gradient norm', 'grad_norm',
                                    e.value)
        return update_params

    # -- what happens on a non-finite step --------------------------------
    def _handle(self, ow, what, term, value):
        runner = self._runner
        ow.zero_grad()
        skips = runner.message_hub.get_info(_SKIPS, 0)
        where = (f'iteration {runner.iter + 1} (epoch {runner.epoch + 1})')
        if skips < self.max_skips:
            self._restore()
            runner.message_hub.update_info(_SKIPS, skips + 1)
            runner.logger.warning(
                f'non-finite {what} at {where}: {term} = {value}; step '
                f'skipped ({skips + 1} of at most {self.max_skips})')
            return None
        skipped = f' (after skipping {skips} steps)' if skips else ''
        raise NonFiniteError(
            f'{runner.work_dir}: non-finite {what} at {where}: {term} = '
            f'{value}; training stopped before this update{skipped}, '
            f'nothing non-finite was saved; {self._last_checkpoint(runner)}. '
            'Lower the learning rate (or clip gradients: '
            'optim_wrapper.clip_grad) and --resume, or let steps be skipped '
            "with custom_hooks=[dict(type='NonFiniteGuardHook', "
            'max_skips=N)]')

    @staticmethod
    def _last_checkpoint(runner) -> str:
        path = osp.join(runner.work_dir, 'last_checkpoint')
        if osp.isfile(path):
            with open(path) as f:
                last = f.read().strip()
            if last:
                return f'the last good checkpoint is {last}'
        return 'no checkpoint was saved before it'

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if self.max_skips == 0:
            return
        model = unwrap(runner.model)
        self._snapshot = [
            (t, t.detach().clone())
            for t in model.state_dict(keep_vars=True).values()
            if isinstance(t, torch.Tensor) and
            not (isinstance(t, torch.nn.Parameter) and t.requires_grad)]

    def _restore(self):
        model = unwrap(self._runner.model)
        with torch.no_grad():
            for t, saved in self._snapshot or ():
                t.copy_(saved)
        discard = getattr(model, 'discard_pending', None)
        if callable(discard):
            discard()  # e.g. the keys a MoCo queue would take

    # -- nothing non-finite on disk ---------------------------------------
    def after_train_epoch(self, runner):
        bad = _non_finite_tensors(unwrap(runner.model).state_dict().items())
        if bad:
            self._state_error(runner, f'after epoch {runner.epoch + 1}',
                              bad)

    def before_save_checkpoint(self, runner, checkpoint: dict):
        named = list(checkpoint.get('state_dict', {}).items())
        opt = checkpoint.get('optimizer')
        if isinstance(opt, dict):
            states = opt.values() if 'state' not in opt else [opt]
            for s in states:
                if isinstance(s, dict):
                    named += list(_optimizer_tensors(s))
        bad = _non_finite_tensors(named)
        if bad:
            self._state_error(runner, 'refusing to save a checkpoint', bad)

    def _state_error(self, runner, when, bad):
        more = f' (and {len(bad) - 1} more)' if len(bad) > 1 else ''
        raise NonFiniteError(
            f'{runner.work_dir}: {when}: {bad[0]}{more} holds NaN or '
            'infinite values; training stopped, nothing non-finite was '
            f'saved; {self._last_checkpoint(runner)}')


def add_non_finite_guard(cfg):
    """Add :class:`NonFiniteGuardHook` (stop at the first non-finite step)
    to ``cfg.custom_hooks`` unless the config lists it; returns ``cfg``."""
    hooks = list(cfg.get('custom_hooks', None) or [])
    if not any(str(h.get('type', '')).endswith('NonFiniteGuardHook')
               for h in hooks if isinstance(h, dict)):
        cfg['custom_hooks'] = hooks + [dict(type='NonFiniteGuardHook')]
    return cfg
