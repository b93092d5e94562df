"""Every picture tool of issue 15 section 2 writes its file: curves from
mmengine's scalar log, t-SNE of a model's test features, the confusion
matrix next to AccMetric's CSV, a rendered skeleton clip (MP4 and GIF),
TensorBoard as a backend; bad inputs leave no file."""
import os
import os.path as osp
import sys

import numpy as np
import pytest

pytest.importorskip('matplotlib', reason="the plots need matplotlib "
                    "(pip install 'skelact[vis]')")

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, osp.join(ROOT, 'tools', 'analysis'))
sys.path.insert(0, osp.join(ROOT, 'tests', 'apis'))
import plot_curves  # noqa: E402
import tsne  # noqa: E402
import visualize_skeleton  # noqa: E402
from inference_helpers import tiny_model_files  # noqa: E402

from conftest import make_separable_records  # noqa: E402
from skelact.utils.errors import DataError  # noqa: E402

PNG = b'\x89PNG'


def _is_png(path):
    with open(path, 'rb') as f:
        return f.read(4) == PNG


@pytest.fixture(scope='module')
def tiny(tiny_dataset, tmp_path_factory):
    out = str(tmp_path_factory.mktemp('vis'))
    return tiny_model_files(tiny_dataset, out)


def _scalar_log(work_dir, losses):
    from mmengine.visualization import LocalVisBackend
    backend = LocalVisBackend(osp.join(work_dir, '20260101_000000',
                                       'vis_data'))
    for i, loss in enumerate(losses):
        backend.add_scalars(dict(loss=loss, loss_d3m=loss / 2, lr=0.1),
                            step=i + 1)
    backend.add_scalars({'acc/top1': 0.5}, step=2)
    backend.close()


def test_plot_curves_several_runs(tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    _scalar_log(a, [2.3, 1.9, 1.2])
    _scalar_log(b, [2.2, 2.0, 1.8])
    out = plot_curves.main([a, b, '--out', str(tmp_path / 'c.png')])
    assert _is_png(out)
    from skelact.visualization import curve_keys, read_scalars
    recs = read_scalars(a)
    assert [r['loss'] for r in recs if 'loss' in r] == [2.3, 1.9, 1.2]
    assert curve_keys(recs) == ['loss', 'loss_d3m', 'acc/top1']
    with pytest.raises(DataError, match='no \\*/vis_data/scalars.json'):
        plot_curves.main([str(tmp_path)])


def test_a_run_keeps_its_colour_in_every_panel(tmp_path, monkeypatch):
    """A run has one colour in every panel, also where an earlier run
    lacks the scalar (a panel's own colour cycle would recolour it)."""
    from skelact.visualization import plots
    figs = []
    monkeypatch.setattr(plots, '_save', lambda fig, out: figs.append(fig))
    runs = {'pretrain': [dict(step=1, loss=3.0), dict(step=2, loss=2.0)],
            'probe': [dict(step=1, loss=2.3, loss_cls=2.3),
                      dict(step=2, loss=1.9, loss_cls=1.9)]}
    keys = plots.plot_curves(runs, str(tmp_path / 'c.png'))
    assert keys == ['loss', 'loss_cls']
    loss_ax, cls_ax = figs[0].axes[:2]
    colour = {ln.get_label(): ln.get_color() for ln in loss_ax.lines}
    assert colour['pretrain'] != colour['probe']
    assert [ln.get_label() for ln in cls_ax.lines] == ['probe']
    assert cls_ax.lines[0].get_color() == colour['probe']
    legend = [t.get_text() for t in loss_ax.get_legend().get_texts()]
    assert legend == ['pretrain', 'probe']


def test_tsne_of_test_features(tiny, tmp_path):
    cfg, ckpt = tiny
    out = tsne.main([cfg, ckpt, '--out', str(tmp_path / 't.png'),
                     '--iters', '250'])
    assert _is_png(out)


def test_tsne_embedding_keeps_separable_classes_apart():
    from skelact.visualization import tsne_embed
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 0.1, (20, 8)),
                        rng.normal(5, 0.1, (20, 8))])
    p = tsne_embed(x, seed=0, max_iter=250)
    assert p.shape == (40, 2)
    d_in = np.linalg.norm(p[:20] - p[:20].mean(0), axis=1).mean()
    d_out = np.linalg.norm(p[:20].mean(0) - p[20:].mean(0))
    assert d_out > 3 * d_in


def test_confusion_png_next_to_the_csv(tmp_path):
    import torch

    from skelact.evaluation.metrics import AccMetric
    from skelact.visualization import read_confusion, write_confusion_png
    m = AccMetric(topk=(1,), out_dir=str(tmp_path))
    m.dataset_meta = dict(classes=['a', 'b', 'c'])
    scores = torch.eye(3)[[0, 1, 2, 2]]
    m.process(None, [dict(pred_score=s, gt_label=torch.tensor([g]))
                     for s, g in zip(scores, [0, 1, 2, 1])])
    m.compute_metrics(m.results)
    cm, names = read_confusion(str(tmp_path / 'confusion_matrix.csv'))
    assert cm.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert names == ['a', 'b', 'c']
    png = write_confusion_png(str(tmp_path))
    assert png == str(tmp_path / 'confusion_matrix.png') and _is_png(png)


def test_visualize_skeleton_array_and_dataset(tiny, tiny_dataset, tmp_path):
    import cv2
    kp = make_separable_records(frames=6)[0]['keypoint']
    kp[1] = kp[0] + 0.5  # a second person
    np.save(tmp_path / 'clip.npy', kp)
    gif = visualize_skeleton.main(['--keypoints', str(tmp_path / 'clip.npy'),
                                   '--out', str(tmp_path / 'clip.gif'),
                                   '--size', '96', '96'])
    from PIL import Image
    with Image.open(gif) as im:
        assert im.n_frames == 6 and im.size == (96, 96)
    cfg, ckpt = tiny
    mp4 = visualize_skeleton.main([cfg, '--index', '2', '--out',
                                   str(tmp_path / 'clip.mp4'),
                                   '--checkpoint', ckpt, '--size', '96',
                                   '96'])
    cap = cv2.VideoCapture(mp4)
    n = 0
    while cap.read()[0]:
        n += 1
    cap.release()
    assert n == 20  # the conftest clips' frames


def test_render_draws_both_persons_with_side_colours():
    from skelact.visualization import joint_colors, render_skeleton_frames
    kp = np.zeros((2, 1, 25, 3), np.float32)
    kp[:, 0, :, 1] = np.linspace(-1, 1, 25)
    kp[1, 0, :, 0] = 2.0
    frame = render_skeleton_frames(kp, size=(200, 100), azim=0, elev=0)[0]
    drawn = (frame < 250).any(-1)
    cols = np.flatnonzero(drawn.any(0))
    assert cols.min() < 60 and cols.max() > 140  # two people far apart
    colors = joint_colors('nturgb+d')
    assert colors[4] != colors[8] and colors[0] == colors[20]


def test_bad_video_output_leaves_no_file(tmp_path):
    from skelact.visualization import render_skeleton_frames, write_video
    with pytest.raises(DataError, match='unknown video type'):
        write_video([np.zeros((8, 8, 3), np.uint8)], str(tmp_path / 'x.png'))
    with pytest.raises(DataError, match="layout 'coco' has 17"):
        render_skeleton_frames(np.ones((1, 2, 25, 3)), 'coco')
    assert os.listdir(tmp_path) == []


def test_tensorboard_backend_from_the_command_line(tmp_path):
    pytest.importorskip('tensorboard', reason="pip install 'skelact[vis]'")
    from mmengine.config import Config
    from mmengine.visualization import Visualizer

    from skelact.cli.vis import set_vis_backends
    cfg = Config(dict(visualizer=dict(
        type='Visualizer', vis_backends=[dict(type='LocalVisBackend')])))
    set_vis_backends(cfg, ['tensorboard'])
    types = [b['type'] for b in cfg.visualizer['vis_backends']]
    assert types == ['LocalVisBackend', 'TensorboardVisBackend']
    vis = Visualizer(name='tb_test', save_dir=str(tmp_path),
                     vis_backends=cfg.visualizer['vis_backends'])
    vis.add_scalars(dict(loss=1.0), step=1)
    vis.close()
    events = [f for _, _, fs in os.walk(tmp_path) for f in fs
              if f.startswith('events.out.tfevents')]
    assert events
    with pytest.raises(ValueError, match='--vis tensorbord: expected'):
        set_vis_backends(cfg, ['tensorbord'])
