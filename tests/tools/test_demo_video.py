"""tools/demo_video.py on a real photograph (scikit-image's astronaut)
animated into a short clip: MediaPipe poses when the ``video`` extra is
installed, precomputed keypoints always; and its bad inputs, none of which
leaves an output file."""
import os
import os.path as osp
import sys

import numpy as np
import pytest

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, osp.join(ROOT, 'tools'))
import demo_video  # noqa: E402

from conftest import tiny_config  # noqa: E402
from skelact.utils.errors import DataError  # noqa: E402

T = 6


@pytest.fixture(scope='module')
def clip(tmp_path_factory):
    """An 8-frame MP4 of the astronaut photograph, panned and zoomed."""
    import cv2
    data = pytest.importorskip('skimage.data', reason="scikit-image ships "
                               "the photograph (pip install 'skelact[dev]')")
    img = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    d = tmp_path_factory.mktemp('video')
    path = str(d / 'astronaut.mp4')
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), 8,
                             (256, 256))
    for t in range(T):
        m = cv2.getRotationMatrix2D((256, 200), 0, 1 + 0.02 * t)
        m[0, 2] += 4 * t
        frame = cv2.warpAffine(img, m, (512, 512))
        writer.write(cv2.resize(frame, (256, 256)))
    writer.release()
    return path, d


@pytest.fixture(scope='module')
def coco_model(clip):
    """A tiny 2D COCO-17 ST-GCN config and its untrained checkpoint."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    d = clip[1]
    cfg = Config(tiny_config(str(d / 'none'), str(d / 'work')))
    cfg.model.backbone.update(in_channels=2,
                              graph_cfg=dict(layout='coco'))
    cfg.test_dataloader.dataset.layout = 'coco'
    path = str(d / 'coco_stgcn.py')
    cfg.dump(path)
    with DefaultScope.overwrite_default_scope('skelact'):
        model = MODELS.build(cfg.model)
    ckpt = str(d / 'coco_stgcn.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict(
        dataset_meta=dict(classes=['a', 'b', 'c']))), ckpt)
    return path, ckpt


def _frames(path):
    import cv2
    cap, n = cv2.VideoCapture(path), 0
    while cap.read()[0]:
        n += 1
    cap.release()
    return n


def test_demo_video_with_mediapipe(clip, coco_model, tmp_path):
    pytest.importorskip('mediapipe', reason="MediaPipe is the optional "
                        "'video' extra")
    out = str(tmp_path / 'out.mp4')
    path, results, kp = demo_video.main([clip[0], *coco_model, '--out',
                                         out, '--window', '4', '--stride',
                                         '2'])
    assert _frames(path) == T and len(results) == 2
    assert results[0].names[0] in ('a', 'b', 'c')
    # one tracked person found in every frame, anatomically plausible
    assert kp.shape == (1, T, 17, 3) and (kp[0, :, :, 2].max(1) > 0).all()
    nose, l_sh, r_sh, l_hip = kp[0, 0, 0], kp[0, 0, 5], kp[0, 0, 6], \
        kp[0, 0, 11]
    assert nose[1] < l_sh[1] < l_hip[1]  # head above shoulders above hips
    assert r_sh[0] < l_sh[0]  # facing the camera: her right on the left


def test_demo_video_with_precomputed_keypoints(clip, coco_model, tmp_path):
    kp = np.zeros((T, 17, 3), np.float32)
    kp[:, :, 0] = np.linspace(80, 180, 17)[None] + np.arange(T)[:, None]
    kp[:, :, 1] = np.linspace(40, 220, 17)[None]
    kp[:, :, 2] = 0.9
    np.save(tmp_path / 'kp.npy', kp)
    out = str(tmp_path / 'out.mp4')
    path, results, _ = demo_video.main([
        clip[0], *coco_model, '--out', out, '--keypoints',
        str(tmp_path / 'kp.npy'), '--window', '4', '--stride', '2'])
    assert _frames(path) == T and len(results) == 2


def test_bad_inputs_leave_no_output(clip, coco_model, tmp_path):
    from skelact.video import sliding_windows, track_persons
    out = str(tmp_path / 'out.mp4')
    (tmp_path / 'broken.mp4').write_text('not a video')
    with pytest.raises(DataError, match='OpenCV decoded no frame'):
        demo_video.main([str(tmp_path / 'broken.mp4'), *coco_model,
                         '--out', out])
    np.save(tmp_path / 'odd.npy', np.ones((T, 20, 3), np.float32))
    with pytest.raises(DataError, match='20 joints is no known keypoint '
                       'layout'):
        demo_video.main([clip[0], *coco_model, '--out', out,
                         '--keypoints', str(tmp_path / 'odd.npy')])
    np.save(tmp_path / 'empty.npy', np.zeros((T, 17, 3), np.float32))
    with pytest.raises(DataError, match='no person in any frame'):
        demo_video.main([clip[0], *coco_model, '--out', out,
                         '--keypoints', str(tmp_path / 'empty.npy')])
    with pytest.raises(DataError, match='no person found in any frame'):
        track_persons([[], []])
    sys.path.insert(0, osp.join(ROOT, 'tests', 'apis'))
    from inference_helpers import tiny_model_files
    ntu = tiny_model_files(str(clip[1] / 'none'), str(clip[1]))
    with pytest.raises(DataError, match=r'reads .* keypoints \(25 joints\)'
                       '; the video demo gives 2D COCO-17 or H36M-17'):
        demo_video.main([clip[0], *ntu, '--out', out,
                         '--keypoints', str(tmp_path / 'odd.npy')])
    assert sorted(os.listdir(tmp_path)) == ['broken.mp4', 'empty.npy',
                                            'odd.npy']  # no out.mp4
    assert sliding_windows(10, 4, 4) == [(0, 4), (4, 8), (6, 10)]


def test_blank_video_has_no_person(clip, coco_model, tmp_path):
    pytest.importorskip('mediapipe', reason="MediaPipe is the optional "
                        "'video' extra")
    import cv2
    blank = str(tmp_path / 'blank.mp4')
    w = cv2.VideoWriter(blank, cv2.VideoWriter_fourcc(*'mp4v'), 8, (64, 64))
    for _ in range(3):
        w.write(np.full((64, 64, 3), 127, np.uint8))
    w.release()
    out = str(tmp_path / 'out.mp4')
    with pytest.raises(DataError, match='no person found in any of its 3'):
        demo_video.main([blank, *coco_model, '--out', out])
    assert not osp.exists(out)


def test_tracking_keeps_identities():
    from skelact.video import track_persons
    a = np.zeros((17, 3), np.float32)
    b = a.copy()
    a[:, 0], b[:, 0] = 10, 100
    a[:, 2] = b[:, 2] = 1
    dets = [[a, b], [b + 1, a + 1], [a + 2]]
    kp = track_persons(dets, scale=100)
    assert kp.shape == (2, 3, 17, 3)
    assert kp[0, :, 0, 0].tolist() == [10, 11, 12]
    assert kp[1, :2, 0, 0].tolist() == [100, 101] and kp[1, 2].sum() == 0
