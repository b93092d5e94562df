"""From a command line to a concrete config: the config file, its protocol
(``--protocol`` or a ``protocol = ...`` key), the pretraining checkpoint
and the work dir. Shared by ``tools/train.py``, ``tools/test.py`` and
``tools/print_config.py``."""
import ast
import os.path as osp
import types
from dataclasses import dataclass
from typing import Optional

from mmengine.config import Config, ConfigDict
from mmengine.runner import find_latest_checkpoint

from skelact.apis.protocols import (ProtocolError, apply_eval_encoder,
                                    check_derivable,
                                    derive_protocol, protocol_trains)
from .config import (apply_options, check_config_keys, default_work_dir,
                     read_config)

__all__ = ['Resolved', 'resolve_config', 'pretraining_work_dir',
           'protocol_of', 'own_keys']

NO_CHECKPOINT = 'none'


@dataclass
class Resolved:
    """A concrete config and where it came from."""
    cfg: Config
    protocol: Optional[str] = None
    pretrain_config: Optional[str] = None  # the pretraining config's file
    checkpoint: Optional[str] = None       # the encoder's initialisation


def pretraining_work_dir(cfg: Config, path: str) -> str:
    return cfg.get('work_dir') or default_work_dir(path)


def _top_level_value(path: str, name: str):
    """The literal value a config file assigns to ``name`` at top level
    (``None`` when it does not)."""
    tree = ast.parse(open(path, encoding='utf-8').read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name
                for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def protocol_of(path: str):
    """The ``protocol`` a config file sets, or ``None``. Such a file is a
    protocol override file: its keys change the derived run, so it is not
    merged into its base as mmengine would (the base's ``val_dataloader``
    is ``None``, say), but read by :func:`own_keys`."""
    return _top_level_value(path, 'protocol')


def _base_path(path: str) -> str:
    """The single ``_base_`` of a protocol override file."""
    value = _top_level_value(path, '_base_')
    if value is not None:
        bases = [value] if isinstance(value, str) else list(value)
        if len(bases) == 1:
            return osp.normpath(osp.join(osp.dirname(path), bases[0]))
    raise ProtocolError(
        f'{path}: a config that sets `protocol` must have one `_base_`, the '
        "pretraining config it evaluates (_base_ = './<pretraining>.py')")


def own_keys(path: str, base: Config) -> dict:
    """The keys a config file sets itself, evaluated as mmengine would
    (``_base_.x`` reads the base's values), before they are merged into
    its base: what a protocol override file changes in the derived run."""
    tree = ast.parse(open(path, encoding='utf-8').read(), path)
    tree.body = [n for n in tree.body if not (
        isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == '_base_'
            for t in n.targets))]
    scope = {'_base_': ConfigDict(base.to_dict())}
    exec(compile(tree, path, 'exec'), scope)  # a config file, as mmengine
    return {k: v for k, v in scope.items()
            if k not in ('_base_', 'protocol') and not k.startswith('__')
            and not isinstance(v, (types.ModuleType, types.FunctionType))}


def _latest_checkpoint(work_dir: str) -> Optional[str]:
    if not osp.isdir(work_dir):
        return None
    path = find_latest_checkpoint(work_dir)
    return path if path and osp.isfile(path) else None


def resolve_config(path: str, protocol: Optional[str] = None,
                   checkpoint: Optional[str] = None,
                   cfg_options: Optional[dict] = None,
                   need_checkpoint: bool = True,
                   work_dir: Optional[str] = None) -> Resolved:
    """Read ``path`` and, when a protocol applies, derive its run.

    Args:
        path: a config file: a training config, or a protocol override
            file (``protocol = ...`` over ``_base_ = './<pretraining>.py'``).
        protocol: ``--protocol``.
        checkpoint: ``--checkpoint``: the pretraining checkpoint the
            derived encoder starts from; ``'none'`` for a randomly
            initialised encoder; ``None`` for the latest checkpoint of the
            pretraining run's work dir.
        cfg_options: ``--cfg-options``, applied to the final config.
        need_checkpoint: look up the encoder's checkpoint (training a
            protocol); ``False`` when the tool loads a whole checkpoint
            itself (``tools/test.py``).
        work_dir: ``--work-dir``.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'config file {path!r} does not exist')
    own, pre_path = {}, path
    file_protocol = protocol_of(path)
    if file_protocol is not None:
        if protocol is not None and protocol != file_protocol:
            raise ProtocolError(f'{path} sets protocol={file_protocol!r}, '
                                f'the command line --protocol {protocol}')
        protocol = file_protocol
        pre_path = _base_path(path)
        pre_cfg = read_config(pre_path)
        own = own_keys(path, pre_cfg)
        check_config_keys(own, path)  # a misspelt key of the override file
    else:
        cfg = pre_cfg = read_config(path)
    if protocol is None:
        if checkpoint is not None:
            raise ProtocolError('--checkpoint names the pretraining '
                                'checkpoint of a --protocol run')
        apply_options(cfg, cfg_options, path)
        if work_dir:
            cfg.work_dir = work_dir
        elif cfg.get('work_dir') is None:
            cfg.work_dir = default_work_dir(path)
        return Resolved(cfg)

    check_derivable(pre_cfg, protocol, pre_path)
    pre_dir = pretraining_work_dir(pre_cfg, pre_path)
    if checkpoint == NO_CHECKPOINT or not need_checkpoint or \
            not protocol_trains(protocol, pre_path):
        ckpt = None
    elif checkpoint is not None:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'checkpoint {checkpoint!r} does not '
                                    'exist')
        ckpt = checkpoint
    else:
        ckpt = _latest_checkpoint(pre_dir)
        if ckpt is None:
            raise FileNotFoundError(
                f'protocol {protocol!r}: no checkpoint of the pretraining run '
                f'in {pre_dir}; pretrain first (python tools/train.py '
                f'{pre_path}), pass --checkpoint CKPT, or --checkpoint none '
                'for a randomly initialised encoder')
    derived = derive_protocol(pre_cfg, protocol, ckpt, pre_path)
    if own:
        derived.merge_from_dict(own)
    apply_options(derived, cfg_options, path)
    # an eval_encoder of the override file or the command line
    apply_eval_encoder(derived, pre_cfg.model.get('type'))
    if work_dir:
        derived.work_dir = work_dir
    elif file_protocol is not None:
        derived.work_dir = own.get('work_dir') or default_work_dir(path)
    else:
        derived.work_dir = osp.join(pre_dir, protocol)
    return Resolved(derived, protocol, pre_path, ckpt)

