"""A tiny config file and a checkpoint of its (untrained) model, written
without a training run."""
import os.path as osp

import torch

from conftest import tiny_config

CLASSES = ['wave', 'kick', 'spin']


def tiny_model_files(data_dir: str, out_dir: str, seed: int = 0):
    """``(config path, checkpoint path)`` of the conftest ST-GCN."""
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    cfg = Config(tiny_config(data_dir, osp.join(out_dir, 'work')))
    cfg_path = osp.join(out_dir, 'tiny_stgcn.py')
    cfg.dump(cfg_path)
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('skelact'):
        model = MODELS.build(cfg.model)
    ckpt = osp.join(out_dir, 'tiny_stgcn.pth')
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(classes=CLASSES))), ckpt)
    return cfg_path, ckpt
