"""The model zoo: ``configs/<method>/metafile.yml`` (mmpretrain's layout)
read into one list, looked up by name, listed by the ``skelact`` command
(:mod:`skelact.zoo.cli`) and rendered into ``model_zoo/README.md``
(:mod:`skelact.zoo.readme`, ``tools/misc/gen_model_zoo.py``)."""
from .metafile import (METAFILE, ZooError, find_model, load_models,
                       method_dirs, repo_root)

__all__ = ['METAFILE', 'ZooError', 'find_model', 'load_models',
           'method_dirs', 'repo_root']
