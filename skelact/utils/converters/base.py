"""The checkpoint source registry."""
from typing import Dict, Optional

__all__ = ['SOURCES', 'CheckpointSource', 'register_source',
           'detect_source', 'convert_checkpoint', 'state_of']


class CheckpointSource:
    """A third-party checkpoint layout.

    Subclasses set ``name`` and implement :meth:`detect` (does this loaded
    checkpoint come from this source?) and :meth:`convert` (return a state
    dict in skelact's naming). Conversion must be complete and lossless:
    every tensor of the source is either mapped or listed in the
    ``dropped`` entry of the returned meta with the reason.
    """

    name = ''

    def detect(self, ckpt: dict) -> bool:
        raise NotImplementedError

    def convert(self, ckpt: dict, stream: Optional[str] = None) -> dict:
        """Return ``dict(state_dict=..., meta=dict(source=..., ...))``."""
        raise NotImplementedError


SOURCES: Dict[str, CheckpointSource] = {}


def register_source(cls):
    """Class decorator: register a :class:`CheckpointSource` by its name."""
    if not cls.name:
        raise ValueError(f'{cls.__name__} has no name')
    if cls.name in SOURCES:
        raise KeyError(f'checkpoint source {cls.name!r} registered twice')
    SOURCES[cls.name] = cls()
    return cls


def detect_source(ckpt: dict) -> str:
    hits = [name for name, src in SOURCES.items() if src.detect(ckpt)]
    if len(hits) != 1:
        keys = list(state_of(ckpt))[:8]
        raise ValueError(
            'cannot tell the checkpoint source from its structure '
            f'(matches: {hits or "none"}; first keys: {keys}); pass '
            f'--source, one of {sorted(SOURCES)}')
    return hits[0]


def state_of(ckpt: dict) -> dict:
    """The state dict inside a loaded checkpoint (under ``state_dict``,
    ``model`` or ``model_pos``, or the checkpoint itself)."""
    for key in ('state_dict', 'model', 'model_pos'):
        if isinstance(ckpt.get(key), dict):
            return ckpt[key]
    return ckpt


def convert_checkpoint(ckpt: dict, source: Optional[str] = None,
                       stream: Optional[str] = None) -> dict:
    """Convert a loaded third-party checkpoint; returns
    ``dict(state_dict=..., meta=...)`` loadable by mmengine."""
    if source is None:
        source = detect_source(ckpt)
    if source not in SOURCES:
        raise KeyError(f'unknown checkpoint source {source!r}; expected one '
                       f'of {sorted(SOURCES)}')
    out = SOURCES[source].convert(ckpt, stream=stream)
    out.setdefault('meta', {})['source'] = source
    return out
