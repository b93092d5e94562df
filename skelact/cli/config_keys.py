"""Which top-level keys of a config the run reads, and which are variables
that other keys were computed from when the file was read.

A config file is Python: ``max_epochs = 12`` then
``train_cfg = dict(max_epochs=max_epochs)`` copies the value when the file
is executed, so overriding ``max_epochs`` afterwards (``--cfg-options``)
changes nothing. :func:`variable_copies` reads the files' syntax trees
(the config, its ``_base_`` files) and says where each variable was copied
to (``train_cfg.max_epochs``), so that such an override can stop with the
key to set instead.
"""
import ast
import os.path as osp
from typing import Dict, Iterable, List, Tuple

__all__ = ['RUNNER_KEYS', 'TOOL_KEYS', 'run_keys', 'config_files',
           'variable_uses', 'variable_copies']

# the keys of mmengine's Runner.from_cfg (and runner_type)
RUNNER_KEYS = frozenset((
    'model', 'work_dir', 'train_dataloader', 'val_dataloader',
    'test_dataloader', 'train_cfg', 'val_cfg', 'test_cfg', 'auto_scale_lr',
    'optim_wrapper', 'param_scheduler', 'val_evaluator', 'test_evaluator',
    'default_hooks', 'custom_hooks', 'data_preprocessor', 'load_from',
    'resume', 'launcher', 'env_cfg', 'log_processor', 'log_level',
    'visualizer', 'default_scope', 'randomness', 'experiment_name',
    'runner_type', 'custom_imports'))
# top-level keys skelact's tools and protocol derivation read; a new one
# is one line here
TOOL_KEYS = set((
    'protocol', 'convert_checkpoint', 'derived_from', 'num_classes',
    'train_dataset', 'val_dataset', 'preprocess',
    'augment_on',  # skelact.models.data_preprocessors.device_augment
    'eval_encoder'))  # skelact.apis.protocols


def run_keys() -> frozenset:
    return RUNNER_KEYS | frozenset(TOOL_KEYS)


def _bases(path: str, tree: ast.Module) -> List[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == '_base_'
                for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            names = [value] if isinstance(value, str) else list(value)
            return [osp.normpath(osp.join(osp.dirname(path), b))
                    for b in names if isinstance(b, str) and '::' not in b]
    return []


def _parse(path: str):
    try:
        with open(path, encoding='utf-8') as f:
            return ast.parse(f.read(), path)
    except (OSError, SyntaxError, ValueError):
        return None


def config_files(path: str) -> List[str]:
    """``path`` and, recursively, its ``_base_`` files (those on disk)."""
    out, todo = [], [path]
    while todo:
        p = todo.pop(0)
        if p in out or not osp.isfile(p):
            continue
        out.append(p)
        tree = _parse(p)
        if tree is not None:
            todo.extend(_bases(p, tree))
    return out


# a use: (target top-level key, key path inside it, whole value copied)
Use = Tuple[str, Tuple[str, ...], bool]


def _walk(node, path: Tuple[str, ...], whole: bool, found: list):
    """Record ``(name, path, whole)`` for every variable read in ``node``;
    ``path`` is where the value lands inside the assigned key."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        found.append((node.id, path, whole))
    elif isinstance(node, ast.Attribute):
        inner = node.value
        if isinstance(inner, ast.Name) and inner.id == '_base_':
            found.append((node.attr, path, whole))
        else:  # x.a: a part of x
            _walk(inner, path, False, found)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id == 'dict':
        for arg in node.args:
            _walk(arg, path, whole, found)
        for kw in node.keywords:
            _walk(kw.value, path + ((kw.arg,) if kw.arg else ()), whole,
                  found)
    elif isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if k is None:  # **x
                _walk(v, path, whole, found)
            elif isinstance(k, ast.Constant):
                _walk(v, path + (str(k.value),), whole, found)
            else:
                _walk(k, path, False, found)
                _walk(v, path, False, found)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for i, elt in enumerate(node.elts):
            if isinstance(elt, ast.Starred):
                _walk(elt.value, path, whole, found)
            else:
                _walk(elt, path + (str(i),), whole, found)
    elif isinstance(node, ast.BinOp):  # a + b: lists joined
        _walk(node.left, path, whole, found)
        _walk(node.right, path, whole, found)
    elif isinstance(node, ast.Subscript):  # x['a']: a part of x
        _walk(node.value, path, False, found)
        _walk(node.slice, path, False, found)
    else:
        for child in ast.iter_child_nodes(node):
            _walk(child, path, False, found)


def variable_uses(files: Iterable[str]) -> Dict[str, List[Use]]:
    """``{variable: [(target, path, whole), ...]}`` over the top-level
    assignments of ``files``."""
    uses: Dict[str, List[Use]] = {}
    for path in files:
        tree = _parse(path)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            found: list = []
            _walk(value, (), True, found)
            for target in names:
                if target == '_base_':
                    continue
                for name, sub, whole in found:
                    if name != target:
                        uses.setdefault(name, []).append(
                            (target, sub, whole))
    return uses


def variable_copies(name: str, uses: Dict[str, List[Use]],
                    keep=None) -> List[str]:
    """The dotted keys ``name``'s value was copied into, followed through
    intermediate variables (``num_classes`` -> ``data_args.num_classes``
    -> ``train_dataset.num_classes`` -> ``train_dataloader.dataset
    .num_classes``). With ``keep`` (top-level keys the run reads), only the
    copies under those keys, unless there are none."""
    out: List[str] = []
    todo = [(name, ())]
    seen = set()
    while todo:
        var, suffix = todo.pop(0)
        if (var, suffix) in seen or len(seen) > 200:
            continue
        seen.add((var, suffix))
        for target, sub, whole in uses.get(var, []):
            dotted = '.'.join((target,) + sub + (suffix if whole else ()))
            if dotted not in out:
                out.append(dotted)
            if whole and target != name:
                todo.append((target, sub + suffix))
    if keep is not None:
        kept = [d for d in out if d.split('.')[0] in keep]
        return kept or out
    return out
