"""Strict checkpoint loading: a checkpoint fits the model it is loaded
into, or the tools stop with one line saying how it differs.

mmengine loads ``load_from`` and ``Pretrained`` initialisers with
``strict=False``: missing keys and size mismatches are printed among
hundreds of log lines and the run goes on with random tensors. The tools
compare first, before the Runner builds anything, against the model built
on the ``meta`` device (no memory, no weights):

- :func:`plan_model_load` -- a whole checkpoint into the run's model
  (``tools/test.py``, ``load_from`` of ``tools/train.py``);
- :func:`plan_encoder_load` -- a protocol's pretrained encoder (the
  ``backbone.`` tensors of a pretraining checkpoint).

A missing key, an unexpected key or a tensor of another shape raises
:class:`~skelact.utils.errors.CheckpointMismatch` with a short summary
(counts, the first names, what the checkpoint was saved from), unless
``allow_partial`` (``--allow-partial``) asks for a partial load. By design,
a pretraining checkpoint given to an encoder (the KNN protocol's
``Recognizer`` without head, a linear protocol's backbone) loads the
encoder strictly and nothing else, and says so in one line.
"""
import copy
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from mmengine.config import Config

from skelact.utils.errors import CheckpointMismatch
from skelact.utils.safe_load import safe_torch_load

__all__ = ['KeyReport', 'LoadPlan', 'model_shapes', 'compare_state',
           'checkpoint_state', 'plan_model_load', 'plan_encoder_load',
           'check_train_weights', 'load_planned']

_FIRST = 3  # names shown per kind of difference


def _say(msg: str):
    """One line on stdout, once per job (rank 0)."""
    if os.environ.get('RANK', '0') == '0':
        print(f'skelact: {msg}', flush=True)


def _build(model_cfg: dict):
    """The model of ``model_cfg`` on the ``meta`` device (on the CPU when a
    module cannot be built there)."""
    import torch
    from mmengine.registry import DefaultScope

    import skelact.models  # noqa: F401 (registers the models)
    from skelact.registry import MODELS
    model_cfg = copy.deepcopy(dict(model_cfg))
    with DefaultScope.overwrite_default_scope('skelact'):
        try:
            with torch.device('meta'):
                return MODELS.build(model_cfg)
        except (NotImplementedError, RuntimeError):
            return MODELS.build(model_cfg)


def model_shapes(model_cfg: dict) -> Dict[str, Tuple[int, ...]]:
    """``{key: shape}`` of the state dict of the model ``model_cfg``."""
    return {k: tuple(v.shape)
            for k, v in _build(model_cfg).state_dict().items()}


def checkpoint_state(ckpt, path: str) -> dict:
    """The state dict of a loaded checkpoint (``state_dict`` or the dict
    itself), without the ``module.`` prefix of a wrapped model."""
    if not isinstance(ckpt, dict):
        raise CheckpointMismatch(
            f'{path}: expected a checkpoint dict, got {type(ckpt).__name__}')
    state = ckpt.get('state_dict', ckpt)
    if not isinstance(state, dict):
        raise CheckpointMismatch(f'{path}: its state_dict is a '
                                 f'{type(state).__name__}, not a dict')
    return {(k[7:] if k.startswith('module.') else k): v
            for k, v in state.items() if hasattr(v, 'shape')}


@dataclass
class KeyReport:
    """How a state dict differs from a model's."""
    matched: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    unexpected: List[str] = field(default_factory=list)
    # (key, shape in the checkpoint, shape in the model)
    mismatched: List[Tuple[str, tuple, tuple]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unexpected or self.mismatched)

    def summary(self) -> str:
        def first(names):
            more = f', ... (+{len(names) - _FIRST})' \
                if len(names) > _FIRST else ''
            return ', '.join(names[:_FIRST]) + more

        parts = [f'{len(self.missing)} missing', f'{len(self.unexpected)} '
                 'unexpected', f'{len(self.mismatched)} of another shape']
        text = ', '.join(parts)
        details = []
        if self.missing:
            details.append(f'missing: {first(self.missing)}')
        if self.unexpected:
            details.append(f'unexpected: {first(self.unexpected)}')
        if self.mismatched:
            details.append('shape (checkpoint vs model): ' + first(
                [f'{k} {tuple(a)} vs {tuple(b)}'
                 for k, a, b in self.mismatched]))
        return text + (f' ({"; ".join(details)})' if details else '')


def compare_state(expected: Dict[str, tuple], state: dict) -> KeyReport:
    """Compare a state dict with the ``{key: shape}`` a model expects. A
    missing ``num_batches_tracked`` is not a difference (old BN layers
    never saved it; mmengine ignores it too)."""
    report = KeyReport()
    for key, shape in expected.items():
        if key not in state:
            if not key.endswith('num_batches_tracked'):
                report.missing.append(key)
        elif tuple(state[key].shape) != tuple(shape):
            report.mismatched.append((key, tuple(state[key].shape), shape))
        else:
            report.matched.append(key)
    report.unexpected = [k for k in state if k not in expected]
    return report


# -- what a model and a checkpoint are ------------------------------------
def _describe(model: Optional[dict]) -> str:
    """``AimCLR (STGCN, width 256, no head)``."""
    if not model:
        return 'no model'
    facts = []
    backbone = model.get('backbone') or {}
    if backbone.get('type'):
        facts.append(backbone['type'])
        try:
            from skelact.apis.protocols import encoder_info
            info = encoder_info(backbone, model.get('neck'))
            facts.append(f"width {info['width']}")
        except Exception:  # a config of another version: no width
            pass
    head = model.get('head')
    if head:
        n = head.get('num_classes')
        facts.append(f'{n} classes' if n is not None else head.get('type'))
    else:
        facts.append('no head')
    return f"{model.get('type')} ({', '.join(facts)})"


def _saved_model(meta) -> Optional[dict]:
    text = meta.get('cfg') if isinstance(meta, dict) else None
    if not isinstance(text, str):
        return None
    try:
        return Config.fromstring(text, file_format='.py').get('model')
    except Exception:
        return None


def _describe_checkpoint(ckpt: dict, state: dict) -> str:
    meta = ckpt.get('meta') if isinstance(ckpt, dict) else None
    saved = _saved_model(meta)
    tops = sorted({k.split('.')[0] for k in state})
    tensors = f'{len(state)} tensors under {", ".join(tops[:6])}' + \
        (', ...' if len(tops) > 6 else '')
    if saved:
        return f'saved from {_describe(saved)}; {tensors}'
    if isinstance(meta, dict) and meta.get('source'):
        return (f"converted from {meta['source']} "
                f"({meta.get('kind', 'unknown kind')}); {tensors}")
    return f'no saved config; {tensors}'


def _is_pretraining(model: Optional[dict], meta=None) -> bool:
    if isinstance(meta, dict) and meta.get('kind') == 'pretrain':
        return True
    if not model or not model.get('type'):
        return False
    try:
        from skelact.apis.protocols import model_class
        return bool(getattr(model_class(model['type']), 'pretraining', False))
    except Exception:
        return False


def _group(keys: List[str], loaded_prefix: str = 'backbone.') -> str:
    """``projector, momentum_encoder, queue`` -- the top-level modules and
    buffers of ``keys``, in order; inside the module a nested
    ``loaded_prefix`` was loaded from, one level deeper
    (``momentum_encoder.projector`` beside a loaded
    ``momentum_encoder.backbone.``)."""
    parent = loaded_prefix.split('.')[0] if loaded_prefix.count('.') > 1 \
        else None
    names = []
    for k in keys:
        parts = k.split('.')
        top = '.'.join(parts[:2]) if parts[0] == parent else parts[0]
        if top not in names:
            names.append(top)
    return ', '.join(names)


# -- plans ----------------------------------------------------------------
@dataclass
class LoadPlan:
    """What :func:`load_planned` loads into the built model."""
    path: str
    checkpoint: dict
    state: dict            # the tensors to load
    strict: bool           # the state holds exactly the model's keys
    note: Optional[str] = None


def _load(path: str, ckpt=None):
    if ckpt is None:
        ckpt = safe_torch_load(path)
    return ckpt, checkpoint_state(ckpt, path)


def _refuse(path, what, run_desc, report, ckpt, state, hint=''):
    raise CheckpointMismatch(
        f'{path} does not fit {what} {run_desc}: {report.summary()}; the '
        f'checkpoint: {_describe_checkpoint(ckpt, state)}. Use the config '
        f'it was trained with or another checkpoint{hint}, or pass '
        '--allow-partial to load only the matching tensors')


def _evaluated_encoder(cfg, path, ckpt, state, prefix: str,
                       saved_pretraining: bool, run_pretraining: bool):
    """A pretraining checkpoint (``saved_pretraining``, or one holding the
    encoder's tensors) given to an evaluation run (not
    ``run_pretraining``) of its momentum encoder (``eval_encoder=
    'momentum'``, whose tensors are ``prefix*``): that encoder's backbone
    tensors as ``backbone.*`` (the query encoder's are dropped), and the
    words that say so; any other checkpoint as it is."""
    if prefix == 'backbone.' or run_pretraining or not (
            saved_pretraining or any(k.startswith(prefix) for k in state)):
        return state, ''
    own = {'backbone.' + k[len(prefix):]: v for k, v in state.items()
           if k.startswith(prefix)}
    if not own:
        raise CheckpointMismatch(
            f'{path}: the run evaluates eval_encoder='
            f'{cfg.eval_encoder!r}, whose tensors ({prefix}*) the '
            f'checkpoint does not hold: {_describe_checkpoint(ckpt, state)}')
    rest = {k: v for k, v in state.items()
            if not k.startswith(('backbone.', prefix))}
    return dict(own, **rest), f' (its {prefix}*: eval_encoder=' \
        f'{cfg.eval_encoder!r})'


def plan_model_load(cfg: Config, path: str, allow_partial: bool = False,
                    ckpt=None, what: str = "this config's model"
                    ) -> LoadPlan:
    """Check a whole checkpoint against the run's model (module doc);
    raises :class:`CheckpointMismatch` or returns what to load."""
    from skelact.apis.protocols import eval_encoder_prefix
    ckpt, state = _load(path, ckpt)
    model = cfg['model']
    meta = ckpt.get('meta')
    saved_pretraining = _is_pretraining(_saved_model(meta), meta)
    run_pretraining = _is_pretraining(model)
    prefix = eval_encoder_prefix(cfg)
    state, picked = _evaluated_encoder(cfg, path, ckpt, state, prefix,
                                       saved_pretraining, run_pretraining)
    expected = model_shapes(model)
    report = compare_state(expected, state)
    tops = {k.split('.')[0] for k in expected}
    # a pretraining checkpoint evaluated as an encoder: the algorithm's
    # other parts (projector, momentum encoder, queue) are not used
    unused = []
    if saved_pretraining and not run_pretraining:
        unused = [k for k in report.unexpected if k.split('.')[0] not in tops]
        report.unexpected = [k for k in report.unexpected if k not in unused]
    run_desc = f'({_describe(model)})'
    if report.ok:
        loaded = {k: state[k] for k in expected if k in state}
        note = None
        if unused:
            note = (f'loaded {_group(report.matched)}.* ({len(loaded)} '
                    f'tensors) from {path}{picked}; the checkpoint\'s '
                    f'{_group(unused, prefix)} '
                    f'({len(unused)} tensors) are not used')
        return LoadPlan(path, ckpt, loaded, strict=True, note=note)
    if not allow_partial:
        _refuse(path, what, run_desc, report, ckpt, state)
    loaded = {k: state[k] for k in report.matched}
    note = (f'--allow-partial: loaded {len(loaded)} of {len(expected)} '
            f'tensors of the model from {path}; {report.summary()}')
    return LoadPlan(path, ckpt, loaded, strict=False, note=note)


def plan_encoder_load(cfg: Config, path: str, allow_partial: bool = False,
                      prefix: str = 'backbone.', ckpt=None) -> str:
    """Check the ``prefix`` tensors of a checkpoint against the run's
    backbone (a protocol's ``Pretrained`` initialiser, which mmengine then
    loads); returns the one line that says what is loaded."""
    ckpt, state = _load(path, ckpt)
    backbone = copy.deepcopy(dict(cfg['model']['backbone']))
    backbone.pop('init_cfg', None)
    expected = model_shapes(backbone)
    own = {k[len(prefix):]: v for k, v in state.items()
           if k.startswith(prefix)}
    others = [k for k in state if not k.startswith(prefix)]
    run_desc = f"({backbone.get('type')} of {_describe(cfg['model'])})"
    if not own:
        raise CheckpointMismatch(
            f'{path} holds no {prefix}* tensors for the encoder '
            f'{run_desc}; the checkpoint: '
            f'{_describe_checkpoint(ckpt, state)}. A third-party file is '
            'converted first: python tools/convert/convert_ckpt.py SRC DST')
    report = compare_state(expected, own)
    report.missing = [prefix + k for k in report.missing]
    report.unexpected = [prefix + k for k in report.unexpected]
    report.mismatched = [(prefix + k, a, b) for k, a, b in report.mismatched]
    if not report.ok:
        if not allow_partial:
            _refuse(path, 'the encoder', run_desc, report, ckpt, state)
        return (f'--allow-partial: loaded {len(report.matched)} of '
                f'{len(expected)} tensors of the encoder from {path}; '
                f'{report.summary()}')
    unused = (f"; the checkpoint's {_group(others, prefix)} "
              f"({len(others)} tensors)"
              ' are not used') if others else ''
    return (f'loaded {prefix}* ({len(report.matched)} tensors) from '
            f'{path}{unused}')


def check_train_weights(cfg: Config, encoder_checkpoint: Optional[str],
                        allow_partial: bool = False, resume: bool = False):
    """``tools/train.py``: the protocol's pretrained encoder and a config's
    ``load_from`` (when not resuming) must fit; prints what is loaded."""
    if encoder_checkpoint:
        from skelact.apis.protocols import eval_encoder_prefix
        _say(plan_encoder_load(cfg, encoder_checkpoint, allow_partial,
                               prefix=eval_encoder_prefix(cfg)))
    if cfg.get('load_from') and not (resume or cfg.get('resume')):
        plan = plan_model_load(cfg, cfg.load_from, allow_partial,
                               what='the model trained from it')
        if plan.note:
            _say(plan.note)


def load_planned(runner, plan: LoadPlan):
    """Load a :class:`LoadPlan` into a built Runner's model (in place of
    mmengine's ``load_from``, which loads non-strictly)."""
    from skelact.utils.model import unwrap
    runner.call_hook('after_load_checkpoint', checkpoint=plan.checkpoint)
    result = unwrap(runner.model).load_state_dict(plan.state, strict=False)
    left = [k for k in result.missing_keys
            if not k.endswith('num_batches_tracked')]
    if plan.strict and (left or result.unexpected_keys):  # checked before
        raise CheckpointMismatch(
            f'{plan.path}: the built model differs from the checked one '
            f'(missing {left[:_FIRST]}, unexpected '
            f'{result.unexpected_keys[:_FIRST]})')
    runner.logger.info(plan.note or f'Load checkpoint from {plan.path}')
