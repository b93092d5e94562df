"""Reading the metafiles.

A metafile has ``Collections`` (one per method: paper, code, README) and
``Models`` (one per trained encoder or supervised run: its config, dataset,
stream, the authors' checkpoint and how to convert it, and ``Results``:
one entry per protocol and source, the paper's or skelact's measured
number). The root ``model-index.yml`` imports every metafile.
"""
import difflib
import os.path as osp
from typing import Dict, List, Optional

from skelact.utils.errors import ConfigError

__all__ = ['METAFILE', 'ZooError', 'repo_root', 'method_dirs',
           'load_models', 'find_model']

METAFILE = 'metafile.yml'


class ZooError(ConfigError):
    """A model-zoo name that does not exist, or a malformed metafile."""


def repo_root() -> str:
    """The checkout holding ``configs/`` (skelact installs editable)."""
    return osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def method_dirs(root: Optional[str] = None) -> List[str]:
    """Method folders: ``configs/<method>/`` holding at least one config
    (``_base_`` excluded)."""
    import os
    cfg_dir = osp.join(root or repo_root(), 'configs')
    out = []
    for name in sorted(os.listdir(cfg_dir)):
        d = osp.join(cfg_dir, name)
        if name.startswith(('_', '.')) or not osp.isdir(d):
            continue
        if any(f.endswith('.py') for f in os.listdir(d)):
            out.append(name)
    return out


def _read(path: str) -> dict:
    import yaml
    with open(path, encoding='utf-8') as f:
        try:
            loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
            data = yaml.load(f, Loader=loader) or {}
        except yaml.YAMLError as e:
            raise ZooError(f'{path}: not valid YAML: {e}') from None
    if not isinstance(data, dict) or not isinstance(data.get('Models'),
                                                    list):
        raise ZooError(f'{path}: expected a mapping with a Models list '
                       "(mmpretrain's metafile layout)")
    return data


def _entry(model: dict, collections: Dict[str, dict], method: str,
           path: str, root: str) -> dict:
    for key in ('Name', 'Config'):
        if not model.get(key):
            raise ZooError(f'{path}: a model has no {key!r}')
    meta = model.get('Metadata') or {}
    coll = collections.get(model.get('In Collection'), {})
    return dict(
        name=model['Name'], method=method,
        collection=model.get('In Collection'),
        config=osp.join(root, model['Config']),
        config_rel=model['Config'],
        dataset=meta.get('Dataset', ''), stream=meta.get('Stream', ''),
        protocols=meta.get('Protocols') or [],
        results=list(model.get('Results') or []),
        weights=model.get('Weights'), sha256=model.get('Sha256'),
        converter=model.get('Converter'),
        code=(coll.get('Code') or {}).get('URL'),
        paper=(coll.get('Paper') or {}).get('Title'),
        readme=coll.get('README'), metafile=path)


def load_models(root: Optional[str] = None, method: Optional[str] = None,
                dataset: Optional[str] = None) -> List[dict]:
    """Every model of every method's metafile (optionally of one method,
    or of datasets whose name contains ``dataset``)."""
    root = root or repo_root()
    out, seen = [], {}
    for m in method_dirs(root):
        if method and m != method:
            continue
        path = osp.join(root, 'configs', m, METAFILE)
        if not osp.isfile(path):
            continue
        data = _read(path)
        colls = {c.get('Name'): c for c in data.get('Collections') or []}
        for model in data['Models']:
            e = _entry(model, colls, m, path, root)
            if e['name'] in seen:
                raise ZooError(f'{path}: model name {e["name"]!r} is also '
                               f'in {seen[e["name"]]}')
            seen[e['name']] = path
            if dataset and dataset.lower() not in e['dataset'].lower():
                continue
            out.append(e)
    if method and method not in method_dirs(root):
        close = difflib.get_close_matches(method, method_dirs(root), n=3)
        raise ZooError(f'no method folder configs/{method}/'
                       + (f'; did you mean {", ".join(close)}?' if close
                          else f'; methods: {", ".join(method_dirs(root))}'))
    return out


def find_model(name: str, root: Optional[str] = None) -> dict:
    """The zoo entry called ``name``; an unknown name names the nearest."""
    models = load_models(root)
    names = [m['name'] for m in models]
    for m in models:
        if m['name'] == name:
            return m
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = (f'; did you mean {" or ".join(close)}?' if close else
            '; list them with: skelact list')
    raise ZooError(f'{name!r} is neither a config file nor a model-zoo '
                   f'name{hint}')
