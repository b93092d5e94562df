from . import hooks, optim_wrapper  # noqa: F401
