"""``--vis``: the visualisation backends of a run, from the command line.

``local`` is mmengine's ``LocalVisBackend`` (``vis_data/scalars.json``,
what ``tools/analysis/plot_curves.py`` reads; always kept),
``tensorboard`` adds ``TensorboardVisBackend`` (event files under
``<work dir>/<timestamp>/vis_data``; ``tensorboard --logdir WORK_DIR``;
``pip install 'skelact[vis]'``)."""
from typing import Sequence

__all__ = ['VIS_BACKENDS', 'set_vis_backends']

VIS_BACKENDS = {'local': 'LocalVisBackend',
                'tensorboard': 'TensorboardVisBackend'}


def set_vis_backends(cfg, names: Sequence[str]):
    """Put the backends ``names`` (and the local one) into
    ``cfg.visualizer``."""
    from skelact.utils.errors import ConfigError
    bad = [n for n in names if n not in VIS_BACKENDS]
    if bad:
        raise ConfigError(f'--vis {" ".join(bad)}: expected '
                          f'{" or ".join(sorted(VIS_BACKENDS))}')
    if 'tensorboard' in names:
        try:
            import tensorboard  # noqa: F401
        except ImportError:
            raise ConfigError("--vis tensorboard: tensorboard is not "
                              "installed: pip install 'skelact[vis]'") \
                from None
    wanted = ['local'] + [n for n in names if n != 'local']
    vis = dict(cfg.get('visualizer') or dict(type='Visualizer'))
    have = list(vis.get('vis_backends') or [])
    types = {b.get('type') for b in have}
    for n in wanted:
        if VIS_BACKENDS[n] not in types:
            have.append(dict(type=VIS_BACKENDS[n]))
    vis['vis_backends'] = have
    cfg.visualizer = vis
    return cfg
