"""Config handling shared by ``tools/train.py`` and ``tools/test.py``."""
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config, DictAction  # noqa: F401 (re-export)

from skelact.plugins import load_plugins
from skelact.utils.safe_load import install_safe_loaders

__all__ = ['load_config', 'prepare_runtime', 'default_work_dir',
           'check_option_keys', 'DictAction']


def check_option_keys(cfg: Config, options: dict):
    """A ``--cfg-options`` key whose parent is missing is almost always a
    typo; mmengine would silently add it. Refuse it with the nearest
    names."""
    import difflib
    for key in options:
        node, path = cfg, []
        parts = key.split('.')
        for part in parts[:-1]:
            path.append(part)
            if isinstance(node, (list, tuple)) and part.isdigit():
                node = node[int(part)]
                continue
            if not hasattr(node, 'keys') or part not in node:
                have = list(node.keys()) if hasattr(node, 'keys') else []
                close = difflib.get_close_matches(part, have, n=3)
                raise KeyError(
                    f'--cfg-options {key}: the config has no key '
                    f'{".".join(path)!r}'
                    + (f'; did you mean {close}?' if close else
                       f'; it has {sorted(have)[:20]}'))
            node = node[part]


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """Read a config, merge ``--cfg-options`` (checking their keys)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'config file {path!r} does not exist')
    cfg = Config.fromfile(path)
    if cfg_options:
        check_option_keys(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
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
    return cfg
