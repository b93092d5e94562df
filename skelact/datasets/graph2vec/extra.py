"""The optional ``graph`` extra: networkx (Weisfeiler-Lehman subtree
hashes) and gensim (PV-DBOW ``Doc2Vec``), imported only when graph2vec
runs, with one clear error when they are missing."""
import importlib

__all__ = ['INSTALL_HINT', 'GraphExtraMissing', 'require']

INSTALL_HINT = "pip install -e '.[graph]'  (or: pip install networkx gensim)"


class GraphExtraMissing(ImportError):
    """graph2vec was requested without the optional ``graph`` extra."""


def require(module: str, what: str = 'graph2vec'):
    """Import ``module`` (``'networkx'``, ``'gensim.models.doc2vec'``) or
    raise :class:`GraphExtraMissing` naming the install command."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        top = module.split('.')[0]
        raise GraphExtraMissing(
            f'{what} needs {top!r}, part of the optional extra "graph", '
            f'which is not installed ({e}); install it with: '
            f'{INSTALL_HINT}') from None
