"""tools/analysis/robustness.py on two tiny checkpoints (the noise-robust
skeleton model and a supervised heatmap PoseConv3D, both untrained):
table, CSV and PNG; where the noise goes in each pipeline."""
import csv
import os.path as osp
import runpy

import pytest
import torch

from conftest import ROOT
from skelact.evaluation.robustness import insert_noise

TOOL = osp.join(ROOT, 'tools', 'analysis', 'robustness.py')
SMALL = ("dict(num_classes=7, exclude_classes=[1, 3, 5], num_subjects=6, "
         "min_frames=24, max_frames=48)")
CONFIGS = {
    'robust': ('configs/robustcl/slowonly_synthetic_xsub_skeleton_c_sk_1.py',
               3),
    'heatmap': ('configs/posec3d/slowonly_synthetic_xsub_heatmap.py', 17),
}


def _tiny(tmp_path, name):
    base, channels = CONFIGS[name]
    path = tmp_path / f'tiny_{name}.py'
    path.write_text(
        f"_base_ = ['{osp.join(ROOT, base)}']\n"
        f"model = dict(backbone=dict(base_channels=4, in_channels={channels}),"
        " head=dict(num_classes=4, in_channels=64))\n"
        f"val_dataloader = dict(batch_size=24, num_workers=0, "
        f"persistent_workers=False, dataset=dict(**{SMALL}))\n")
    return str(path)


def _checkpoint(tmp_path, config, seed):
    from mmengine.registry import DefaultScope
    import skelact.models  # noqa: F401
    from skelact.cli import resolve_config
    from skelact.registry import MODELS
    torch.manual_seed(seed)
    cfg = resolve_config(config, need_checkpoint=False).cfg
    with DefaultScope.overwrite_default_scope('skelact'):
        model = MODELS.build(cfg.model)
    path = str(tmp_path / f'{osp.basename(config)}.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict()), path)
    return path


def _run(argv, monkeypatch):
    monkeypatch.setattr('sys.argv', [TOOL] + argv)
    return runpy.run_path(TOOL, run_name='robustness_test')['main'](argv)


def test_two_checkpoints_table_csv_png(tmp_path, monkeypatch, capsys):
    torch.set_num_threads(1)
    configs = [_tiny(tmp_path, 'robust'), _tiny(tmp_path, 'heatmap')]
    ckpts = [_checkpoint(tmp_path, c, i) for i, c in enumerate(configs)]
    out = tmp_path / 'out'
    argv = [configs[0], ckpts[0], configs[1], ckpts[1], '--alphas', '0',
            '0.05', '--out-dir', str(out), '--labels', 'C_Sk', 'S_H']
    rows = _run(argv, monkeypatch)
    printed = capsys.readouterr()
    assert 'C_Sk' in printed.out and 'a=0.05' in printed.out
    assert printed.err  # the progress bar
    with open(out / 'robustness.csv') as f:
        table = list(csv.DictReader(f))
    assert [(r['model'], float(r['alpha'])) for r in table] == [
        ('C_Sk', 0.0), ('C_Sk', 0.05), ('S_H', 0.0), ('S_H', 0.05)]
    assert all(0 <= float(r['top1']) <= float(r['top5']) <= 1
               for r in table)
    assert {int(r['num_samples']) for r in table} == {72}
    png = (out / 'robustness.png').read_bytes()
    assert png[:8] == b'\x89PNG\r\n\x1a\n' and len(png) > 5000
    # seeded: a second run gives the same numbers
    again = _run(argv + ['--out-dir', str(tmp_path / 'again')], monkeypatch)
    assert [r['top1'] for r in again] == [r['top1'] for r in rows]


def test_bad_arguments(tmp_path, monkeypatch):
    with pytest.raises(SystemExit):
        _run(['a.py'], monkeypatch)                    # no checkpoint
    config = _tiny(tmp_path, 'robust')
    with pytest.raises(ValueError, match='alphas'):
        _run([config, 'x.pth', '--alphas', '-0.1'], monkeypatch)
    with pytest.raises(FileNotFoundError, match='x.pth'):
        _run([config, 'x.pth'], monkeypatch)


def test_where_the_noise_goes():
    noise = dict(type='MotionScaledNoise', alpha=0.02, seed=0)
    synthetic = [dict(type='ProjectToImage'), dict(type='ConvertLayout'),
                 dict(type='UniformSampleFrames', clip_len=16),
                 dict(type='PoseCompact'), dict(type='PackVolumeInputs')]
    assert [t['type'] for t in insert_noise(synthetic, noise)][:4] == [
        'ProjectToImage', 'ConvertLayout', 'UniformSampleFrames',
        'MotionScaledNoise']
    motionbert = [dict(type='NormalizeByImageSize'),
                  dict(type='ConvertLayout')]
    assert insert_noise(motionbert, noise)[0] == noise
    placed = [dict(type='PoseCompact'),
              dict(type='MotionScaledNoise', alpha=0.5), dict(type='Flip')]
    got = insert_noise(placed, noise)
    assert got[1] == noise and len(got) == 3
    assert placed[1]['alpha'] == 0.5      # the input is not changed
