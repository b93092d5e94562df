"""Hooks an algorithm declares it needs.

Training state that changes outside the gradient step -- the momentum
encoder, the memory-bank queue, a training stage -- is updated by mmengine
hooks. A model lists the hooks its training needs in ``required_hooks()``
(hook configs); :func:`add_required_hooks` registers the missing ones on a
Runner (``tools/train.py`` does, and logs it), and every declared hook
checks at ``before_train`` that the others are there. A model trained
without them refuses its first training step (see
:meth:`SkeletonCLR.forward`), so no configuration can silently freeze a
queue or a key encoder.
"""
from typing import List

from skelact.utils.model import unwrap

__all__ = ['MissingHookError', 'missing_hooks', 'add_required_hooks',
           'verify_required_hooks']


class MissingHookError(RuntimeError):
    """A model's training needs a hook the Runner does not have."""


def _declared(model) -> List[dict]:
    fn = getattr(model, 'required_hooks', None)
    return list(fn()) if callable(fn) else []


def missing_hooks(runner) -> List[dict]:
    """Configs of the hooks the runner's model declares but the runner
    lacks (matched by type)."""
    have = {type(h).__name__ for h in runner.hooks}
    return [h for h in _declared(unwrap(runner.model))
            if h['type'] not in have]


def add_required_hooks(runner) -> List[str]:
    """Register the model's missing declared hooks; returns their types."""
    added = []
    for cfg in missing_hooks(runner):
        runner.register_hook(dict(cfg))
        added.append(cfg['type'])
    if added:
        runner.logger.info(
            f'added the hooks {type(unwrap(runner.model)).__name__} needs and '
            f'the config does not list: {", ".join(added)}')
    verify_required_hooks(runner)
    return added


def verify_required_hooks(runner):
    """Raise :class:`MissingHookError` naming the model's declared hooks
    that the runner lacks; otherwise mark the model as checked."""
    model = unwrap(runner.model)
    missing = [h['type'] for h in missing_hooks(runner)]
    if missing:
        raise MissingHookError(
            f'{type(model).__name__} needs the hooks {", ".join(missing)}, '
            'which this Runner does not have: without them its training '
            'state (key encoder, queue, stage) would stay frozen. Add them '
            'to custom_hooks, or train with tools/train.py, which adds them')
    if hasattr(model, 'hooks_verified'):
        model.hooks_verified = True
