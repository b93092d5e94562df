"""The Python inference API: a model from a config (or a model-zoo name)
and a checkpoint, predictions for keypoints, and features.

    from skelact.apis import init_model, inference_skeleton, extract_features
    model = init_model('configs/stgcn/stgcn_synthetic_xsub.py', 'epoch_15.pth')
    result = inference_skeleton(model, keypoints)   # (M, T, V, C) or a file
    print(result.labels[0], result.names[0], result.scores[0])
    feats, labels = extract_features(model, 'test')   # the test split
"""
import copy
import os.path as osp
import tempfile
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Union

import numpy as np
import torch

from skelact.utils.errors import CheckpointMismatch, DataError
from .keypoint_input import check_joint_count, keypoint_record

__all__ = ['init_model', 'inference_skeleton', 'extract_features',
           'InferenceResult', 'model_input_layout', 'class_names']


@dataclass
class InferenceResult:
    """Top-k of one sample: class ids, scores (probabilities), names."""
    labels: List[int]
    scores: List[float]
    names: List[str]
    all_scores: np.ndarray = field(repr=False, default=None)


def _is_pretraining(model_cfg) -> bool:
    from .protocols import model_class
    try:
        return bool(getattr(model_class(model_cfg.get('type')),
                            'pretraining', False))
    except Exception:
        return False


def _resolve_name(config):
    """A model-zoo name -> (its config path, its zoo entry)."""
    from skelact.zoo import find_model
    entry = find_model(config)
    return entry['config'], entry


def _prepare_checkpoint(cfg, checkpoint: str, convert):
    """The checkpoint to load: converted to skelact naming when it comes
    from a third party (``convert``: a source name, ``'auto'``, ``None``
    = the config's ``convert_checkpoint`` or detection)."""
    from skelact.utils.converters import SOURCES, convert_checkpoint
    from skelact.utils.safe_load import safe_torch_load
    ckpt = safe_torch_load(checkpoint)
    if not isinstance(ckpt, dict):
        raise CheckpointMismatch(f'{checkpoint}: expected a checkpoint '
                                 f'dict, got {type(ckpt).__name__}')
    if convert is None and cfg.get('convert_checkpoint') is not None:
        convert = cfg.convert_checkpoint.get('source') or 'auto'
    stream = (cfg.get('convert_checkpoint') or {}).get('stream')
    if convert is None:
        meta = ckpt.get('meta') or {}
        if 'cfg' in meta or 'source' in meta:
            return ckpt  # skelact's own, or converted before
        hits = [n for n, s in SOURCES.items() if s.detect(ckpt)]
        if len(hits) != 1:
            return ckpt
        convert = hits[0]
    source = None if convert == 'auto' else convert
    out = convert_checkpoint(ckpt, source=source, stream=stream)
    out['meta']['converted_from'] = osp.abspath(checkpoint)
    return out


def init_model(config, checkpoint: Optional[str] = None,
               device: str = 'cpu', protocol: Optional[str] = None,
               convert: Optional[str] = None, allow_partial: bool = False,
               cfg_options: Optional[dict] = None):
    """Build the model of ``config`` and load ``checkpoint`` strictly.

    Args:
        config: a config file, an mmengine ``Config``, or a model-zoo name
            (``skelact list``; its config; the checkpoint is still given
            here: the zoo records where the authors' file is, offline
            skelact downloads nothing).
        checkpoint: a skelact checkpoint, or a third-party one, converted
            in memory (tools/convert) when its source is detected, named
            by ``convert`` or by the config's ``convert_checkpoint``.
        device: ``'cpu'``, ``'cuda'``, ...
        protocol: as ``--protocol`` of the tools: the evaluation run
            derived from a pretraining config (``linear``, ``knn``, ...),
            whose checkpoint ``checkpoint`` is. A pretraining config
            without a protocol gives its encoder: the ``knn`` protocol's
            model (a recognizer without head), loaded from the pretraining
            checkpoint.
        convert: a checkpoint source name (``aimclr``, ``motionbert``,
            ...), ``'auto'`` (detect), or ``None`` (detect only a file that
            is not skelact's).
        allow_partial: load only the matching tensors (``--allow-partial``).

    Returns the model in eval mode, with ``model.cfg`` (the run's config)
    and ``model.dataset_meta`` (``classes`` when the checkpoint has them).
    """
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    import skelact.datasets  # noqa: F401 (registers the transforms)
    import skelact.models  # noqa: F401
    from skelact.cli import prepare_runtime, resolve_config
    from skelact.registry import MODELS
    from .strict_load import plan_model_load
    if isinstance(config, Config):
        cfg, path = copy.deepcopy(config), config.filename or 'config'
        if protocol:
            from .protocols import derive_protocol
            cfg = derive_protocol(cfg, protocol, None, path)
    else:
        path = str(config)
        if not osp.isfile(path):
            path = _resolve_name(path)[0]
        if protocol is None and _is_pretraining(
                resolve_config(path, need_checkpoint=False).cfg.model):
            protocol = 'knn'
        cfg = resolve_config(path, protocol, need_checkpoint=False,
                             cfg_options=cfg_options).cfg
    cfg = prepare_runtime(cfg, path, work_dir=tempfile.gettempdir())
    model_cfg = copy.deepcopy(cfg.model)
    if model_cfg.get('backbone', {}).get('init_cfg'):
        model_cfg.backbone.pop('init_cfg')  # the checkpoint replaces it
        cfg.model = model_cfg
    state, meta = None, {}
    if checkpoint is not None:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'checkpoint {checkpoint!r} does not '
                                    'exist')
        ckpt = _prepare_checkpoint(cfg, checkpoint, convert)
        plan = plan_model_load(cfg, checkpoint, allow_partial, ckpt=ckpt)
        state, meta = plan.state, ckpt.get('meta') or {}
    with DefaultScope.overwrite_default_scope('skelact'):
        model = MODELS.build(model_cfg)
    if state is not None:
        model.load_state_dict(state, strict=False)
    model.cfg = cfg
    model.protocol = protocol
    model.dataset_meta = dict(meta.get('dataset_meta') or {})
    return model.to(device).eval()


def _loader_cfg(cfg, split: str = 'test'):
    """The loader of ``split``. 'train' is the run's train loader or, in
    the knn protocol, its labelled bank (``test_cfg.train_dataloader``),
    never another split's; 'test' / 'val' fall back to each other."""
    if split == 'train':
        bank = (cfg.get('test_cfg') or {}).get('train_dataloader')
        for loader in (cfg.get('train_dataloader'), bank):
            if loader:
                return loader
        raise DataError(f'{cfg.filename}: no train_dataloader (nor a knn '
                        'bank, test_cfg.train_dataloader) to read the train '
                        'split from')
    for key in (f'{split}_dataloader', 'test_dataloader', 'val_dataloader'):
        if cfg.get(key):
            return cfg[key]
    raise DataError(f'{cfg.filename}: no {split}_dataloader (nor a test or '
                    'val loader) whose pipeline inference could run')


def _dataset_cfg(loader):
    ds = loader['dataset']
    while 'pipeline' not in ds and isinstance(ds.get('dataset'), dict):
        ds = ds['dataset']  # a wrapper (RepeatDataset, ...)
    return ds


def model_input_layout(model):
    """``(layout name or None, joint count or None)`` the model's test
    pipeline expects of raw keypoints."""
    from skelact.skeletons import LAYOUTS
    cfg = model.cfg
    ds = _dataset_cfg(_loader_cfg(cfg))
    for t in ds.get('pipeline', []):
        if isinstance(t, dict) and t.get('type') == 'ConvertLayout':
            src = t.get('src', 'coco')
            return src, LAYOUTS[src].num_joints if src in LAYOUTS else None
    layout = ds.get('layout') or cfg.model.get('backbone', {}).get(
        'graph_cfg', {}).get('layout')
    if layout in LAYOUTS:
        return layout, LAYOUTS[layout].num_joints
    backbone = getattr(model, 'backbone', None)
    return layout, getattr(backbone, 'num_joints', None)


def _pipeline(model):
    from mmengine.dataset import Compose
    from mmengine.registry import DefaultScope
    ds = _dataset_cfg(_loader_cfg(model.cfg))
    with DefaultScope.overwrite_default_scope('skelact'):
        return Compose(copy.deepcopy(list(ds['pipeline'])))


def _packed(model, keypoints, index: int = 0):
    layout, num_joints = model_input_layout(model)
    rec = keypoint_record(keypoints, index, num_joints)
    where = keypoints if isinstance(keypoints, str) else 'the keypoint array'
    check_joint_count(rec, num_joints, layout, where)
    rec.setdefault('label', -1)
    if rec['keypoint'].shape[-1] == 2 and 'img_shape' not in rec:
        xy = rec['keypoint']
        rec['img_shape'] = (int(np.ceil(xy[..., 1].max())) + 1,
                            int(np.ceil(xy[..., 0].max())) + 1)
    rec['label'] = max(int(rec['label']), 0)  # packs a valid gt label
    return _pipeline(model)(rec)


def class_names(model) -> List[str]:
    names = (getattr(model, 'dataset_meta', None) or {}).get('classes')
    if names:
        return [str(n) for n in names]
    head = getattr(model, 'head', None)
    n = getattr(head, 'num_classes', None) or model.cfg.model.get(
        'head', {}).get('num_classes', 0)
    return [str(i) for i in range(int(n))]


def _check_classifier(model):
    if getattr(model, 'head', None) is None:
        raise DataError(
            'inference_skeleton: the model has no classifier (a pretraining '
            "config's encoder, or the knn protocol); use init_model(CONFIG, "
            "CKPT, protocol='linear') with the linear run's checkpoint, or "
            'extract_features(model, keypoints)')


def inference_skeleton(model, keypoints, topk: int = 5, index: int = 0
                       ) -> InferenceResult:
    """Top-``topk`` classes of one sample: ``keypoints`` an array
    ``(M, T, V, C)``, a record dict or a file (sample ``index``), run
    through the config's test pipeline."""
    from mmengine.dataset import pseudo_collate
    _check_classifier(model)
    packed = _packed(model, keypoints, index)
    with torch.no_grad():
        out = model.test_step(pseudo_collate([packed]))[0]
    score = out.pred_score.float().cpu().numpy()
    k = min(topk, len(score))
    order = np.argsort(-score, kind='stable')[:k]
    names = class_names(model)
    return InferenceResult(
        labels=[int(i) for i in order],
        scores=[float(score[i]) for i in order],
        names=[names[i] if i < len(names) else str(i) for i in order],
        all_scores=score)


def _features(model, batch) -> torch.Tensor:
    data = model.data_preprocessor(batch, False)
    feats = model.extract_feat(data['inputs'])
    return feats.reshape(len(feats), -1).float().cpu()


def extract_features(model, keypoints_or_dataset: Union[str, np.ndarray,
                                                        dict, Sequence] =
                     'test', batch_size: int = 32, num_workers: int = 0,
                     limit: Optional[int] = None, progress=None):
    """Pooled features (``model.extract_feat``).

    ``keypoints_or_dataset``: ``'test'`` / ``'val'`` / ``'train'`` (that
    loader of the model's config; returns ``(features (N, D), labels
    (N,))``), a dataset config dict, or one sample (an array, record or
    keypoint file; returns ``(D,)``). ``limit`` stops after that many
    samples; ``progress`` is called once per batch.
    """
    from mmengine.dataset import pseudo_collate
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner
    arg = keypoints_or_dataset
    is_split = isinstance(arg, str) and arg in ('test', 'val', 'train')
    if not (is_split or (isinstance(arg, dict) and 'type' in arg)):
        packed = _packed(model, arg)
        with torch.no_grad():
            return _features(model, pseudo_collate([packed]))[0].numpy()
    loader = copy.deepcopy(_loader_cfg(model.cfg, arg if is_split
                                       else 'test'))
    if isinstance(arg, dict):
        loader['dataset'] = arg
    loader.update(batch_size=batch_size, num_workers=num_workers)
    loader.pop('persistent_workers', None)
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    with DefaultScope.overwrite_default_scope('skelact'):
        dl = Runner.build_dataloader(loader, seed=0)
    feats, labels = [], []
    with torch.no_grad():
        for batch in dl:
            feats.append(_features(model, batch))
            labels += [int(s.gt_label[0]) if 'gt_label' in s else -1
                       for s in batch['data_samples']]
            if progress is not None:
                progress()
            if limit is not None and len(labels) >= limit:
                break
    f = torch.cat(feats).numpy()
    y = np.asarray(labels, np.int64)
    return (f[:limit], y[:limit]) if limit else (f, y)
