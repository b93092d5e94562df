"""Config handling shared by ``tools/train.py`` and ``tools/test.py``."""
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config, DictAction  # noqa: F401 (re-export)

from skelact.plugins import load_plugins
from skelact.utils.errors import ConfigError
from skelact.utils.safe_load import install_safe_loaders
from .config_keys import (RUNNER_KEYS, config_files, run_keys,
                          variable_copies, variable_uses)

__all__ = ['load_config', 'read_config', 'apply_options',
           'check_config_keys', 'prepare_runtime', 'default_work_dir',
           'check_option_keys', 'DictAction']


def _or(names) -> str:
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else \
        ', '.join(names[:-1]) + ' or ' + names[-1]


def check_option_keys(cfg: Config, options: dict,
                      path: Optional[str] = None):
    """A ``--cfg-options`` key whose parent is missing is almost always a
    typo; mmengine would silently add it. Refuse it with the nearest
    names."""
    import difflib
    where = f'{path}: ' if path else ''
    for key in options:
        node, done = cfg, []
        for part in key.split('.')[:-1]:
            done.append(part)
            if isinstance(node, (list, tuple)):
                if not (part.isdigit() and int(part) < len(node)):
                    raise ConfigError(
                        f'{where}{key}: {".".join(done[:-1])} is a list of '
                        f'{len(node)}; expected an index 0..{len(node) - 1}'
                        f', got {part!r}')
                node = node[int(part)]
                continue
            if not hasattr(node, 'keys') or part not in node:
                have = list(node.keys()) if hasattr(node, 'keys') else []
                close = difflib.get_close_matches(part, have, n=3)
                raise ConfigError(
                    f'{where}{key}: the config has no key '
                    f'{".".join(done)!r}'
                    + (f'; did you mean {_or(close)}?' if close else
                       f'; it has {", ".join(sorted(have)[:20])}'
                       if have else
                       f'; {".".join(done[:-1])} is {node!r}'))
            node = node[part]


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """Read a config, merge ``--cfg-options`` (checking their keys)."""
    cfg = read_config(path)
    apply_options(cfg, cfg_options, path)
    return cfg


def _syntax_error(files):
    import ast
    for f in files:
        if not f.endswith('.py'):
            continue
        try:
            with open(f, encoding='utf-8') as fh:
                ast.parse(fh.read(), f)
        except SyntaxError as e:
            raise ConfigError(f'{f}:{e.lineno}: syntax error: {e.msg}') \
                from None


def read_config(path: str) -> Config:
    """``Config.fromfile``, with one line for a missing file, a syntax
    error (file and line) and a misspelt top-level key."""
    if osp.isdir(path):
        raise ConfigError(f'{path}: is a folder; expected a config file')
    if not osp.isfile(path):
        raise FileNotFoundError(f'config file {path!r} does not exist')
    ext = osp.splitext(path)[1]
    if ext not in ('.py', '.json', '.yaml', '.yml'):
        raise ConfigError(f'{path}: expected a config file (.py, .json, '
                          f'.yaml or .yml), got {ext or "no extension"!r}')
    files = config_files(path)
    _syntax_error(files)
    cfg = Config.fromfile(path)
    check_config_keys(cfg, files)
    from .errors import note_config
    note_config(path, cfg)
    return cfg


def check_config_keys(cfg, files):
    """A top-level key no tool reads, that no other key is computed from,
    and that is close to a key the run reads (``trian_cfg``) is a typo:
    refuse it. Helper variables (``dataset_type``, ``_loader``) pass."""
    import difflib
    files = [files] if isinstance(files, str) else list(files)
    known = run_keys()
    uses = None
    for key in cfg.keys():
        if key in known or key.startswith('_'):
            continue
        close = difflib.get_close_matches(key, sorted(known), n=1,
                                          cutoff=0.8)
        if not close:
            continue
        if uses is None:
            uses = variable_uses(files)
        if key in uses:
            continue
        raise ConfigError(
            f'{_defined_in(key, files)}: {key}: not a key of a run (and '
            f'nothing in the config reads it); did you mean {close[0]}?')


def _defined_in(key: str, files) -> str:
    import re
    pattern = re.compile(rf'^{re.escape(key)}\s*[:=]', re.M)
    for f in files:
        try:
            with open(f, encoding='utf-8') as fh:
                if pattern.search(fh.read()):
                    return f
        except OSError:
            pass
    return files[0] if files else 'the config'


def _option_files(cfg, path: Optional[str]):
    """The files whose top-level variables the keys of ``cfg`` were
    computed from: the config's, or, for a derived protocol run, the
    protocol's and the protocol override file's."""
    derived = cfg.get('derived_from')
    if not derived:
        return config_files(path) if path else []
    from skelact.apis.protocols import protocol_dir
    proto = osp.join(protocol_dir(derived.get('config')),
                     f"{derived.get('protocol')}.py")
    files = config_files(proto)
    if path and osp.abspath(path) != osp.abspath(derived.get('config') or
                                                 ''):
        files = [path] + files
    return files


def _kind_error(old, new) -> Optional[str]:
    """What ``new`` should have been to replace ``old`` (text for a number,
    a number for a flag, a scalar for a dict are mistakes), or ``None``."""
    if new is None or old is None:
        return None
    number = isinstance(new, (int, float)) and not isinstance(new, bool)
    if isinstance(old, bool):
        return None if isinstance(new, bool) else 'True or False'
    if isinstance(old, (int, float)):
        return None if number else (
            'an integer' if isinstance(old, int) else 'a number')
    if hasattr(old, 'keys') and not hasattr(new, 'keys'):
        return 'a dict of settings (key.subkey=value sets one of them)'
    return None


def _check_type(key: str, old, new, where: str):
    expected = _kind_error(old, new)
    if expected:
        shown = old if not hasattr(old, 'keys') else 'dict(...)'
        raise ConfigError(f'{where}: {key}: expected {expected} (the '
                          f'config has {shown!r}), got {new!r}')


def _lookup(cfg, key: str):
    node = cfg
    for part in key.split('.'):
        if isinstance(node, (list, tuple)) and part.isdigit() and \
                int(part) < len(node):
            node = node[int(part)]
        elif hasattr(node, 'keys') and part in node:
            node = node[part]
        else:
            return False, None
    return True, node


def _nested_paths(cfg, name: str, prefix=(), out=None, depth=0):
    """Dotted keys of ``cfg`` ending in ``name`` (``train_cfg.max_epochs``
    for ``max_epochs``)."""
    out = [] if out is None else out
    if depth > 6 or len(out) >= 3:
        return out
    items = cfg.items() if hasattr(cfg, 'items') else (
        enumerate(cfg) if isinstance(cfg, (list, tuple)) else ())
    for k, v in items:
        if str(k) == name and prefix:
            out.append('.'.join(prefix + (str(k),)))
        _nested_paths(v, name, prefix + (str(k),), out, depth + 1)
    return out


def _stale_message(where, key, root, copies, derived) -> str:
    when = ('when the protocol was derived' if derived else
            'when the file was read')
    were = 'was' if len(copies) == 1 else 'were'
    sub = key[len(root):]
    return (f'{where}: {key}: {root} is a config variable that '
            f'{", ".join(copies)} {were} computed from {when}, so '
            f'overriding it changes nothing; set '
            f'{" and ".join(c + sub for c in copies)}')


def check_option_roots(cfg, options: dict, path: Optional[str]):
    """A ``--cfg-options`` key must take effect: its top-level key exists
    or is one the run reads, is not a variable that other keys were
    computed from when the file was read, and its value has the kind of
    the value it replaces."""
    import difflib
    where = path or 'the config'
    known = run_keys()
    files = uses = None
    uses = None
    for key, value in options.items():
        root = key.split('.')[0]
        if root not in cfg:
            if root in known:
                continue
            hint = _nested_paths(cfg, root) or difflib.get_close_matches(
                root, sorted(set(cfg.keys()) | known), n=3)
            raise ConfigError(
                f'{where}: {key}: the config has no top-level key {root!r} '
                'and no tool reads it, so it would change nothing'
                + (f'; did you mean {_or(hint)}?' if hint else ''))
        if root not in RUNNER_KEYS:
            if files is None:
                files = _option_files(cfg, path)
                uses = variable_uses(files)
                derived = cfg.get('derived_from')
                if derived and cfg.get('model', {}).get('head') and \
                        'num_classes' in cfg.model.head:
                    uses.setdefault('num_classes', []).append(
                        ('model', ('head', 'num_classes'), True))
            copies = variable_copies(root, uses, RUNNER_KEYS)
            if copies:
                raise ConfigError(_stale_message(
                    where, key, root, copies, cfg.get('derived_from')))
        found, old = _lookup(cfg, key)
        if found:
            _check_type(key, old, value, where)


def apply_options(cfg: Config, options: Optional[dict],
                  path: Optional[str] = None) -> Config:
    """Merge ``--cfg-options`` into ``cfg`` after checking that each one
    takes effect (:func:`check_option_keys`, :func:`check_option_roots`).
    ``path`` is the config file named on the command line."""
    from .errors import note_config
    note_config(path, cfg)
    if options:
        check_option_keys(cfg, options, path)
        check_option_roots(cfg, options, path)
        cfg.merge_from_dict(options)
    return cfg


def default_work_dir(config_path: str) -> str:
    """``work_dirs/<path below configs/>`` without ``.py``, e.g.
    ``work_dirs/aimclr/stgcn_ntu60_xsub`` (method folders keep runs of
    equally named configs apart)."""
    path = osp.splitext(osp.abspath(config_path))[0].replace(osp.sep, '/')
    if '/configs/' in path:
        return osp.join('work_dirs', path.rsplit('/configs/', 1)[1])
    return osp.join('work_dirs', osp.basename(path))


def prepare_runtime(cfg: Config, config_path: str,
                    work_dir: Optional[str] = None) -> Config:
    """Work dir, plugins, safe checkpoint loading, CPU distributed backend."""
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(config_path)
    load_plugins()
    install_safe_loaders()  # every mmengine checkpoint load: weights_only
    if not torch.cuda.is_available():
        cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
        cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    # augment_on = 'device': the views are made by the data preprocessor
    from skelact.models.data_preprocessors.device_augment import \
        apply_augment_on
    apply_augment_on(cfg)
    return cfg
