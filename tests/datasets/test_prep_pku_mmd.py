"""PKU-MMD: per-video text files cut into clips, splits, bad files."""
import os.path as osp
import sys

import numpy as np
import pytest

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from helpers_formats import actor_track, write_pku_video  # noqa: E402

from skelact.datasets import SkelactDataset  # noqa: E402
from skelact.datasets.prep.pku_mmd import (  # noqa: E402
    PKUFileError, cut_clips, prepare_pku_mmd, read_pku_labels,
    read_pku_skeleton, read_pku_split)


def video_array(rng, t, two=False):
    arr = np.zeros((t, 2, 25, 3), np.float32)
    arr[:, 0] = actor_track(rng, t)
    if two:
        arr[:, 1] = actor_track(rng, t, center=(0.8, 0, 3))
    return arr


def make_part1(root, rng):
    skel, lab = osp.join(root, 'skeleton'), osp.join(root, 'label')
    truth = {}
    for vid in ('0002', '0003', '0004'):
        for view in 'LMR':
            video = f'{vid}-{view}'
            arr = video_array(rng, 120, two=vid == '0003')
            labels = [(int(vid) % 5 + 1, 5, 30, 1), (12, 40, 71, 2),
                      (51, 80, 120, 1)]
            write_pku_video(skel, lab, video, arr, labels)
            truth[video] = (arr, labels)
    with open(osp.join(root, 'cross-subject.txt'), 'w') as f:
        f.write('Training videos: \n0002-L, 0002-M, 0002-R, 0003-L, 0003-M, '
                '0003-R\nValidataion videos: \n0004-L, 0004-M, 0004-R\n')
    return skel, lab, truth


def test_read_and_cut(tmp_path):
    rng = np.random.default_rng(0)
    skel, lab, truth = make_part1(str(tmp_path), rng)
    arr = read_pku_skeleton(osp.join(skel, '0003-M.txt'))
    np.testing.assert_allclose(arr, truth['0003-M'][0], atol=1e-5)
    labels = read_pku_labels(osp.join(lab, '0003-M.txt'))
    assert labels == [(tuple(x)[0], x[1], x[2], float(x[3]))
                      for x in truth['0003-M'][1]]
    clips, problems = cut_clips('0003-M', arr, labels)
    assert not problems and len(clips) == 3
    assert clips[1]['label'] == 11 and clips[2]['label'] == 50
    assert clips[1]['keypoint'].shape == (2, 32, 25, 3)     # 40..71 incl.
    np.testing.assert_allclose(clips[1]['keypoint'],
                               arr[39:71].transpose(1, 0, 2, 3))
    clips0, _ = cut_clips('0003-M', arr, labels, frame_base=0)
    np.testing.assert_allclose(clips0[1]['keypoint'],
                               arr[40:72].transpose(1, 0, 2, 3))
    sp = read_pku_split(str(tmp_path / 'cross-subject.txt'))
    assert sp['val'] == ['0004-L', '0004-M', '0004-R']
    assert len(sp['train']) == 6


def test_prepare_pku1(tmp_path):
    rng = np.random.default_rng(1)
    skel, lab, truth = make_part1(str(tmp_path / 'raw'), rng)
    # bad files: NaN, truncated row, missing label file, bad label line
    arr = video_array(rng, 50)
    write_pku_video(skel, lab, '0005-L', arr, [(3, 1, 20, 1)])
    with open(osp.join(skel, '0005-L.txt'), 'a') as f:
        f.write(' '.join(['nan'] * 150) + '\n')
    write_pku_video(skel, lab, '0005-M', arr, [(3, 1, 20, 1)])
    with open(osp.join(skel, '0005-M.txt'), 'a') as f:
        f.write('1 2 3\n')
    write_pku_video(skel, osp.join(str(tmp_path), 'elsewhere'), '0005-R',
                    arr, [(3, 1, 20, 1)])
    write_pku_video(skel, lab, '0006-L', arr, [(3, 1, 20, 1),
                                               (99, 1, 20, 1)])
    out = str(tmp_path / 'data')
    rep = prepare_pku_mmd(skel, lab, out, part=1, split_files=dict(
        xsub=str(tmp_path / 'raw/cross-subject.txt')), workers=2,
        progress=False, aimclr=True, log=lambda m: None)
    assert set(rep['skipped_bad']) == {'0005-L', '0005-M', '0005-R'}
    assert 'NaN' in rep['skipped_bad']['0005-L']
    assert 'no label file' in rep['skipped_bad']['0005-R']
    assert list(rep['clip_problems']) == ['0006-L_001']
    assert rep['converted'] == 9 * 3 + 1
    assert rep['splits']['xsub_train'] == 18 and rep['splits'][
        'xsub_val'] == 9
    # xview from the paper's protocol: L is the test view
    assert rep['splits']['xview_val'] == 9 + 1
    ds = SkelactDataset(osp.join(out, 'pku1_skelact'), split='xsub_val',
                        num_classes=51)
    info = ds.get_data_info(1)
    assert info['sample_name'] == '0004-L_001' and info['label'] == 11
    np.testing.assert_allclose(
        info['keypoint'], truth['0004-L'][0][39:71].transpose(1, 0, 2, 3),
        atol=1e-5)
    assert info['camera'] == 1
    assert osp.exists(osp.join(out, 'pku1_aimclr/xsub/val_position.npy'))
    # resumable
    rep2 = prepare_pku_mmd(skel, lab, out, part=1, workers=0,
                           progress=False, log=lambda m: None,
                           overwrite=True)
    assert rep2['parsed_this_run'] == 3
    assert 'xsub_train' not in rep2['splits']


def test_bad_skeleton_lines(tmp_path):
    p = tmp_path / 'x.txt'
    p.write_text('')
    with pytest.raises(PKUFileError, match='empty'):
        read_pku_skeleton(str(p))
    p.write_text(' '.join(['a'] * 150) + '\n')
    with pytest.raises(PKUFileError, match='non-numeric'):
        read_pku_skeleton(str(p))
