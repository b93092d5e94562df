"""Third-party modules: custom_imports in a config and the entry-point
group ``skelact.plugins``."""
import os.path as osp
import subprocess
import sys
import textwrap

import pytest
import torch
from mmengine.config import Config

from conftest import ROOT, tiny_config

PLUGIN = textwrap.dedent('''
    import torch.nn as nn
    from skelact.registry import MODELS


    @MODELS.register_module()
    class {name}(nn.Module):
        """A third-party backbone: per-joint linear embedding."""

        def __init__(self, out_channels=8):
            super().__init__()
            self.fc = nn.Linear(3, out_channels)

        def forward(self, x):  # (N, M, T, V, C) -> (N, M, D, T, V)
            return self.fc(x).permute(0, 1, 4, 2, 3)
''')


def test_custom_imports_plugin_trains_through_the_tool(tiny_dataset,
                                                       tmp_path):
    (tmp_path / 'my_plugin.py').write_text(PLUGIN.format(name='MyBackbone'))
    cfg = tiny_config(tiny_dataset, str(tmp_path / 'work'), max_epochs=1)
    cfg['custom_imports'] = dict(imports=['my_plugin'],
                                 allow_failed_imports=False)
    cfg['model']['backbone'] = dict(type='MyBackbone', out_channels=16)
    Config(cfg).dump(str(tmp_path / 'cfg.py'))
    env = dict(PYTHONPATH=f'{tmp_path}{osp.pathsep}{ROOT}',
               PATH='/usr/bin:/bin', OMP_NUM_THREADS='1')
    proc = subprocess.run(
        [sys.executable, osp.join(ROOT, 'tools', 'train.py'), 'cfg.py'],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    ckpt = torch.load(tmp_path / 'work' / 'epoch_1.pth', weights_only=True)
    assert ckpt['state_dict']['backbone.fc.weight'].shape == (16, 3)


def test_entry_point_plugin_is_discovered(tmp_path, monkeypatch):
    pkg = 'skelact_ep_plugin_test'
    (tmp_path / f'{pkg}.py').write_text(PLUGIN.format(name='EPBackbone'))
    dist = tmp_path / 'skelact_ep_plugin_test-0.1.dist-info'
    dist.mkdir()
    (dist / 'METADATA').write_text(
        'Metadata-Version: 2.1\nName: skelact-ep-plugin-test\n'
        'Version: 0.1\n')
    (dist / 'entry_points.txt').write_text(
        f'[skelact.plugins]\nep_test = {pkg}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    from skelact.plugins import load_plugins
    from skelact.registry import MODELS
    assert MODELS.get('EPBackbone') is None
    loaded = load_plugins()
    assert 'ep_test' in loaded
    model = MODELS.build(dict(type='EPBackbone', out_channels=4))
    assert model(torch.zeros(1, 1, 2, 25, 3)).shape == (1, 1, 4, 2, 25)


def test_broken_plugin_error_names_it(tmp_path, monkeypatch):
    (tmp_path / 'skelact_broken_plugin.py').write_text('raise RuntimeError('
                                                       '"boom")\n')
    dist = tmp_path / 'skelact_broken_plugin-0.1.dist-info'
    dist.mkdir()
    (dist / 'METADATA').write_text(
        'Metadata-Version: 2.1\nName: skelact-broken-plugin\nVersion: 0.1\n')
    (dist / 'entry_points.txt').write_text(
        '[skelact.plugins]\nbroken = skelact_broken_plugin\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    from skelact.plugins import load_plugins
    with pytest.raises(ImportError, match="plugin 'broken'.*boom"):
        load_plugins()
