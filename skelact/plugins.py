"""Third-party plugins.

Two ways to add modules (backbones, losses, datasets, ...) from outside the
package:

1. ``custom_imports = dict(imports=['my_plugin'])`` in a config: mmengine
   imports the module before building, and its ``@MODELS.register_module()``
   decorators (using ``skelact.registry``) register it.
2. An installed distribution that declares an entry point in the
   ``skelact.plugins`` group, e.g. in its ``pyproject.toml``::

       [project.entry-points."skelact.plugins"]
       my_plugin = "my_plugin"

   :func:`load_plugins` (called by ``tools/train.py`` and ``tools/test.py``)
   imports every such module.
"""
import importlib
import logging
from importlib.metadata import entry_points

__all__ = ['ENTRY_POINT_GROUP', 'load_plugins']

ENTRY_POINT_GROUP = 'skelact.plugins'
_loaded = {}


def load_plugins(group: str = ENTRY_POINT_GROUP) -> dict:
    """Import every module registered in the entry-point ``group``.

    Returns ``{entry point name: module}``. A plugin that fails to import
    raises an ``ImportError`` naming the plugin and its distribution.
    """
    found = {}
    for ep in entry_points(group=group):
        if ep.name in _loaded:
            found[ep.name] = _loaded[ep.name]
            continue
        try:
            module = ep.load()
        except Exception as e:  # name the plugin, keep the cause
            dist = getattr(ep, 'dist', None)
            raise ImportError(
                f'skelact plugin {ep.name!r} ({ep.value}'
                f'{", from " + dist.name if dist else ""}) failed to import: '
                f'{e}') from e
        if not hasattr(module, '__name__'):  # an attribute, not a module
            module = importlib.import_module(ep.module)
        logging.getLogger(__name__).info('loaded skelact plugin %s',
                                         ep.name)
        _loaded[ep.name] = found[ep.name] = module
    return found
