"""User-facing errors of the command-line tools.

:func:`user_errors` wraps a tool's ``main()``: a user's mistake prints one
line, ``skelact: error: <file>: <key>: <what was expected>``, on stderr and
exits with status 2; Ctrl-C prints ``skelact: interrupted`` and exits with
130; a bug keeps its traceback. ``--debug`` (anywhere on the command line)
or ``SKELACT_TRACEBACK=1`` shows the traceback of every error.

What is a user's mistake (:func:`user_message`):

- skelact's error classes (:class:`ConfigError`, :class:`DataError`,
  :class:`CheckpointMismatch`, :class:`CheckpointFileError`,
  :class:`ProtocolError`, the safe loaders' refusals, the non-finite
  guard's :class:`NonFiniteError`) and
  ``FileNotFoundError``; an ``OSError`` naming a file (permission denied,
  not a folder, disk full);
- a syntax error, or any error raised while a config file executes (it
  names the file and line);
- mmengine building an object from the config: an unregistered ``type``
  (with the nearest registered names), an argument the class does not take
  (with the nearest argument), an error the constructor raises itself;
- an error skelact's code raises on purpose (a ``raise`` statement in
  ``skelact/`` or ``tools/``: those messages are written for the user).

Anything else (an error inside torch, numpy or mmengine that no check
anticipated, an ``AttributeError``) is a bug and shows its traceback.
"""
import difflib
import dis
import inspect
import os
import os.path as osp
import re
import sys
from contextlib import contextmanager
from typing import Optional

from skelact.apis.protocols import ProtocolError
from skelact.utils.errors import (CheckpointFileError, CheckpointMismatch,
                                  ConfigError, DataError)

__all__ = ['user_errors', 'user_message', 'note_config', 'USER_ERRORS']

_PKG = osp.dirname(osp.dirname(osp.abspath(__file__)))  # skelact/
_ROOT = osp.dirname(_PKG)
_CODE_DIRS = (_PKG + osp.sep, osp.join(_ROOT, 'tools') + osp.sep)
_RAISE = dis.opmap['RAISE_VARARGS']


def _user_error_classes():
    from skelact.engine.hooks.non_finite import NonFiniteError
    from skelact.utils.safe_load import UnsafeCheckpointError
    from skelact.utils.safe_pickle import UnsafePickleError
    return (FileNotFoundError, ConfigError, DataError, ProtocolError,
            CheckpointMismatch, CheckpointFileError, UnsafeCheckpointError,
            UnsafePickleError, NonFiniteError)


USER_ERRORS = _user_error_classes()

# the config the tool is running, for messages about objects built from it
_context = dict(config=None, cfg=None)


def note_config(path: Optional[str], cfg=None):
    """Record the config file (and the config) the tool runs, so that an
    error while building from it names the file and the key."""
    if path is not None:
        _context['config'] = path
    if cfg is not None:
        _context['cfg'] = cfg


def _is_library(filename: str) -> bool:
    """Python's own, installed packages and skelact's code (not a config
    file the user wrote)."""
    f = osp.abspath(filename)
    if f.startswith(_CODE_DIRS) or 'site-packages' in f or \
            f.startswith(osp.dirname(os.__file__)):
        return True
    return not f.endswith('.py')


def _tracebacks(exc):
    out, tb = [], exc.__traceback__
    while tb is not None:
        out.append(tb)
        tb = tb.tb_next
    return out


def _explicit_raise(tb) -> bool:
    """The traceback entry is a ``raise`` statement (not an error inside
    an operation)."""
    code = tb.tb_frame.f_code.co_code
    return 0 <= tb.tb_lasti < len(code) and code[tb.tb_lasti] == _RAISE


def _in_code(tb) -> bool:
    return osp.abspath(tb.tb_frame.f_code.co_filename).startswith(_CODE_DIRS)


def _text(exc) -> str:
    """The exception's message on one line (a DataLoader worker's wrapped
    error: its last line, the original message)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        msg = exc.args[0]
    else:
        msg = str(exc)
    if 'Original Traceback' in msg:
        lines = [ln for ln in msg.splitlines() if ln.strip()]
        msg = re.sub(r'^[\w.]+: ', '', lines[-1].strip())
    return ' '.join(msg.split()) or type(exc).__name__


def _find(node, type_name, key=None, path=()):
    """Dotted key of the dict in the config with ``type == type_name``
    (preferring one that holds ``key``)."""
    best = None
    items = node.items() if hasattr(node, 'items') else (
        enumerate(node) if isinstance(node, (list, tuple)) else ())
    if hasattr(node, 'get') and node.get('type') == type_name and path:
        if key is None or key in node:
            return '.'.join(path), True
        best = '.'.join(path)
    for k, v in items:
        found = _find(v, type_name, key, path + (str(k),))
        if found is not None:
            if found[1]:
                return found
            best = best or found[0]
    return (best, False) if best else None


def _where(type_name, key=None) -> str:
    """``<config file>: <dotted key>`` of the object being built."""
    file = _context['config'] or 'the config'
    cfg = _context['cfg']
    found = _find(cfg, type_name, key) if cfg is not None else None
    if found is None:
        return f'{file}: {key or "type"}' if key else \
            f'{file}: type={type_name!r}'
    return f'{file}: {found[0]}' + (f'.{key}' if key else '')


def _registry_names(registry):
    names, reg = set(), registry
    while reg is not None:
        names |= set(reg.module_dict)
        reg = getattr(reg, 'parent', None)
    return sorted(names)


def _parameters(cls):
    try:
        params = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind in (
        p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _build_message(exc, tbs) -> Optional[str]:
    """An error while mmengine's ``build_from_cfg`` built an object from
    the config: name the config key, the class and what was wrong."""
    idx = None
    for i, tb in enumerate(tbs):
        code = tb.tb_frame.f_code
        if code.co_name == 'build_from_cfg' and \
                'mmengine' in code.co_filename:
            idx = i
    if idx is None:
        return None
    loc = tbs[idx].tb_frame.f_locals
    obj_type = loc.get('obj_type')
    obj_cls = loc.get('obj_cls')
    registry = loc.get('registry')
    name = getattr(obj_cls, '__name__', None) or str(obj_type)
    type_name = obj_type if isinstance(obj_type, str) else name
    msg = _text(exc)
    innermost = idx == len(tbs) - 1
    if innermost and isinstance(exc, KeyError) and 'is not in the' in msg \
            and registry is not None:
        close = difflib.get_close_matches(str(obj_type),
                                          _registry_names(registry), n=3)
        return (f'{_where(type_name, "type")}: {obj_type!r} is not a '
                f'registered {registry.name} type'
                + (f'; did you mean {" or ".join(map(repr, close))}?'
                   if close else ''))
    if innermost and isinstance(exc, TypeError) and obj_cls is not None:
        params = _parameters(obj_cls)
        m = re.search(r"unexpected keyword argument '(\w+)'", msg)
        if m:
            bad = m.group(1)
            close = difflib.get_close_matches(bad, params, n=1)
            return (f'{_where(type_name, bad)}: {name} has no argument '
                    f'{bad!r}; '
                    + (f'did you mean {close[0]!r}?' if close else
                       f'it takes {", ".join(params)}'))
        return f'{_where(type_name)}: {name}: ' + re.sub(
            r'^[\w.]*\(\) ', '', msg)
    if isinstance(exc, (ValueError, TypeError, KeyError, RuntimeError,
                        AssertionError, NotImplementedError)) and \
            _explicit_raise(tbs[-1]) and (
                innermost or idx + 1 == len(tbs) - 1 or _in_code(tbs[-1])):
        return f'{_where(type_name)}: {name}: {msg}'
    return None


def _optimizer_message(exc, tbs) -> Optional[str]:
    """mmengine's optimizer constructor looks the type up itself and fails
    on ``None`` for an unregistered one."""
    for tb in tbs:
        code = tb.tb_frame.f_code
        loc = tb.tb_frame.f_locals
        if code.co_name == '__call__' and 'optimizer' in code.co_filename \
                and 'mmengine' in code.co_filename and \
                'optimizer_cls' in loc and loc['optimizer_cls'] is None:
            from mmengine.registry import OPTIMIZERS
            name = (loc.get('optimizer_cfg') or {}).get('type')
            close = difflib.get_close_matches(
                str(name), _registry_names(OPTIMIZERS), n=3)
            return (f'{_where(name, "type")}: {name!r} is not a registered '
                    'optimizer type'
                    + (f'; did you mean {" or ".join(map(repr, close))}?'
                       if close else ''))
    return None


def _config_frame_message(exc, tbs) -> Optional[str]:
    """An error raised while a config file (not a library) executes."""
    for tb in reversed(tbs):
        code = tb.tb_frame.f_code
        if code.co_name == '<module>' and \
                not _is_library(code.co_filename):
            return (f'{code.co_filename}:{tb.tb_lineno}: '
                    f'{type(exc).__name__}: {_text(exc)}')
    return None


def _worker_check(exc) -> bool:
    """A DataLoader worker's error re-raised in the main process whose
    original innermost frame is a ``raise`` statement in skelact's code."""
    msg = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ''
    if 'Original Traceback' not in msg:
        return False
    last = None
    lines = msg.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r'\s*File "([^"]+)", line \d+', line)
        if m and i + 1 < len(lines):
            last = (m.group(1), lines[i + 1].strip())
    return last is not None and \
        osp.abspath(last[0]).startswith(_CODE_DIRS) and \
        last[1].startswith('raise ')


def user_message(exc: BaseException) -> Optional[str]:
    """The one line for ``exc`` when it is a user's mistake (module doc),
    ``None`` for a bug."""
    if isinstance(exc, OSError) and exc.filename is not None and \
            len(exc.args) == 2 and isinstance(exc.args[0], int):
        target = exc.filename + (f' -> {exc.filename2}'
                                 if exc.filename2 else '')
        return f'{target}: {exc.strerror}'
    if isinstance(exc, USER_ERRORS):
        return _text(exc)
    if isinstance(exc, SyntaxError) and exc.filename and \
            not _is_library(exc.filename):
        return f'{exc.filename}:{exc.lineno}: syntax error: {exc.msg}'
    tbs = _tracebacks(exc)
    if not tbs:
        return None
    msg = _config_frame_message(exc, tbs)
    if msg is None:
        msg = _build_message(exc, tbs) or _optimizer_message(exc, tbs)
    if msg is None and isinstance(exc, (ValueError, TypeError, KeyError,
                                        RuntimeError, OSError)) and \
            (_explicit_raise(tbs[-1]) and _in_code(tbs[-1]) or
             _worker_check(exc)):
        msg = _text(exc)
    return msg


def _debug() -> bool:
    """``--debug`` on the command line (removed before the tool parses
    it) or ``SKELACT_TRACEBACK`` set (and not ``0``)."""
    if '--debug' in sys.argv[1:]:
        sys.argv = [a for i, a in enumerate(sys.argv)
                    if i == 0 or a != '--debug']
        os.environ['SKELACT_TRACEBACK'] = '1'  # and the tools it runs
    return os.environ.get('SKELACT_TRACEBACK', '') not in ('', '0')


@contextmanager
def user_errors():
    """Turn a user's mistake into one clear line on stderr and exit status
    2 (Ctrl-C: 130), instead of a traceback (module doc)."""
    debug = _debug()
    _context.update(config=None, cfg=None)
    try:
        yield
    except KeyboardInterrupt:
        if debug:
            raise
        print('skelact: interrupted', file=sys.stderr)
        raise SystemExit(130) from None
    except SystemExit as e:
        if isinstance(e.code, str) and e.code.startswith('skelact: error:'):
            print(e.code, file=sys.stderr)
            raise SystemExit(2) from None
        raise
    except Exception as e:
        if debug:
            raise
        msg = user_message(e)
        if msg is None:
            raise
        print(f'skelact: error: {msg}', file=sys.stderr)
        raise SystemExit(2) from None
