"""Does a checkpoint fit the run it is given to?

mmengine stores the training config in every checkpoint (``meta['cfg']``);
skelact's converters store the stream of a converted file
(``meta['stream']``). :func:`check_checkpoint` compares them with the run's
config and stops with one message naming both when an encoder pretrained
on one stream is evaluated on another, when the backbone types differ, or
when a protocol that needs a trained head is given a pretraining
checkpoint.
"""
from typing import Optional

from mmengine.config import Config

from skelact.apis.protocols import model_class
from skelact.utils.errors import CheckpointMismatch
from skelact.utils.safe_load import safe_torch_load

__all__ = ['saved_run', 'check_checkpoint']


def _model_summary(model: dict) -> dict:
    model = model or {}
    pre = model.get('data_preprocessor') or {}
    return dict(type=model.get('type'),
                stream=pre.get('stream', 'joint'),
                backbone=(model.get('backbone') or {}).get('type'))


def saved_run(meta: dict) -> Optional[dict]:
    """Model type, stream and backbone type recorded in a checkpoint's
    ``meta``, or ``None`` when it records none."""
    text = meta.get('cfg') if isinstance(meta, dict) else None
    if isinstance(text, str):
        try:
            saved = Config.fromstring(text, file_format='.py')
        except Exception:  # a config that no longer parses: no check
            return None
        return _model_summary(saved.get('model'))
    if isinstance(meta, dict) and meta.get('stream'):
        return dict(type=None, stream=meta['stream'], backbone=None,
                    source=meta.get('source'))
    return None


def check_checkpoint(cfg: Config, path: str, protocol: Optional[str] = None,
                     needs_head: bool = False, meta: Optional[dict] = None):
    """Raise :class:`CheckpointMismatch` when the checkpoint at ``path``
    was trained on another stream or backbone than ``cfg`` uses, or (with
    ``needs_head``) holds a pretraining algorithm instead of a trained
    classifier."""
    if meta is None:
        ckpt = safe_torch_load(path)
        meta = ckpt.get('meta', {}) if isinstance(ckpt, dict) else {}
    saved = saved_run(meta)
    if saved is None:
        return
    run = _model_summary(cfg.get('model'))
    what = f'the {protocol} run' if protocol else 'this config'
    for key, label in (('stream', 'stream'), ('backbone', 'backbone')):
        if saved.get(key) and run.get(key) and saved[key] != run[key]:
            raise CheckpointMismatch(
                f'{path} was trained with {label} {saved[key]!r} (its saved '
                f'config), but {what} uses {label} {run[key]!r}; use the '
                f'config of the {saved[key]} {label} or another checkpoint')
    if needs_head and saved.get('type'):
        try:
            pretraining = getattr(model_class(saved['type']), 'pretraining',
                                  False)
        except Exception:
            return
        if pretraining:
            raise CheckpointMismatch(
                f'{path} is a {saved["type"]} pretraining checkpoint; '
                f'{what} needs its trained classifier: train it first '
                f'(python tools/train.py CONFIG --protocol {protocol}), or '
                'evaluate the encoder itself with --protocol knn')
