from . import hooks, knn_loop, optim_wrapper  # noqa: F401
