# Every module of this package registers its classes on import; importing
# the package imports them all, so registries built by name find them.
from skelact.utils.imports import import_submodules

import_submodules(__name__, __path__)
