"""Import every submodule of a package (so its modules register)."""
import importlib
import pkgutil

__all__ = ['import_submodules']


def import_submodules(package_name: str, package_path) -> list:
    """Import ``package_name.<module>`` for every module in
    ``package_path``; returns the imported module names."""
    names = []
    for info in pkgutil.iter_modules(package_path):
        if info.name.startswith('_'):
            continue
        importlib.import_module(f'{package_name}.{info.name}')
        names.append(info.name)
    return names
