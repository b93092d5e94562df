"""Raw NTU .skeleton parsing, denoising on crafted multi-body files, bad
files, official splits and the preparation tool."""
import json
import os.path as osp
import sys

import numpy as np
import pytest

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from helpers_formats import (actor_track, frames_from_tracks,  # noqa: E402
                             human_pose, skeleton_text, write_skeleton)

from skelact.datasets import AimCLRDataset, PysklDataset  # noqa: E402
from skelact.datasets import SkelactDataset  # noqa: E402
from skelact.datasets.ntu_meta import (NTU60_XSUB_TRAIN,  # noqa: E402
                                       NTU120_XSUB_TRAIN,
                                       load_missing_skeletons,
                                       parse_ntu_name)
from skelact.datasets.prep import ntu_denoise  # noqa: E402
from skelact.datasets.transforms import AimCLRNormalize  # noqa: E402
from skelact.datasets.prep.ntu import (prepare_ntu,  # noqa: E402
                                       process_skeleton_file)
from skelact.datasets.prep.ntu_skeleton import (  # noqa: E402
    SkeletonFileError, read_skeleton)

ID_A = '72057594037931101'
ID_B = '72057594037931102'     # differs from A only in the 17th digit
ID_C = '72057594037931691'
ID_D = '72057594037931750'


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------ facts, names
def test_official_facts():
    assert len(load_missing_skeletons('ntu60')) == 302
    m120 = load_missing_skeletons('ntu120')
    assert len(m120) == 535 and load_missing_skeletons('ntu60') < m120
    assert 'S001C002P005R002A008' in m120
    assert len(NTU120_XSUB_TRAIN) == 53
    assert parse_ntu_name('S018C002P042R001A061.skeleton') == dict(
        setup=18, camera=2, subject=42, replication=1, label=60)


# ------------------------------------------------------------------ parsing
def test_round_trip_single_body(tmp_path):
    rng = np.random.default_rng(0)
    xyz = actor_track(rng, 30)
    path = write_skeleton(str(tmp_path / 'S003C001P008R002A013.skeleton'),
                          frames_from_tracks(30, [(ID_A, 0, xyz)]))
    rec = process_skeleton_file(path)
    assert rec['keypoint'].shape == (1, 30, 25, 3)
    assert rec['keypoint'].dtype == np.float32
    close(rec['keypoint'][0], xyz)
    assert rec['label'] == 12 and rec['subject'] == 8
    assert rec['camera'] == 1 and rec['setup'] == 3
    assert rec['actors'] == [[ID_A]]


def test_body_ids_are_kept_exact():
    rng = np.random.default_rng(1)
    text = skeleton_text(frames_from_tracks(20, [
        (ID_A, 0, actor_track(rng, 20)), (ID_B, 0, actor_track(rng, 20))]))
    _, bodies = read_skeleton(text)
    assert list(bodies) == [ID_A, ID_B]     # a float64 would merge them
    assert float(ID_A) == float(ID_B)


def test_file_frame_numbers_keep_actors_in_sync():
    """Actor A vanishes in frames 10-14, nobody is seen in 20-22: A's
    frames after the gap stay aligned with B's (no "previous + 1")."""
    rng = np.random.default_rng(2)
    n = 40
    a = actor_track(rng, n, center=(-0.6, 0, 3), amp=0.15)
    b = actor_track(rng, n, center=(0.6, 0, 3), amp=0.15)
    frames = [[] for _ in range(n)]
    for f in range(n):
        if 20 <= f <= 22:
            continue
        if not 10 <= f <= 14:
            frames[f].append((ID_A, a[f]))
        frames[f].append((ID_B, b[f]))
    num_frames, bodies = read_skeleton(skeleton_text(frames))
    assert num_frames == n
    assert bodies[ID_A][0].tolist() == [f for f in range(n)
                                        if not 10 <= f <= 14
                                        and not 20 <= f <= 22]
    slots, _ = ntu_denoise.denoise_bodies(bodies)
    kp, kept = ntu_denoise.skeleton_to_keypoint(num_frames, bodies, slots)
    assert kept.tolist() == [f for f in range(n) if not 20 <= f <= 22]
    pa = [i for i, s in enumerate(slots) if ID_A in s][0]
    for t, f in enumerate(kept):
        close(kp[1 - pa, t], b[f])
        if 10 <= f <= 14:
            assert not kp[pa, t].any()
        else:
            close(kp[pa, t], a[f])


# ---------------------------------------------------------------- denoising
def _slots(tracks, n):
    _, bodies = read_skeleton(skeleton_text(frames_from_tracks(n, tracks)))
    slots, log = ntu_denoise.denoise_bodies(bodies)
    return slots, log


def test_passer_by_does_not_push_out_an_actor():
    """Two interacting actors + a passer-by walking through (more motion
    than either actor): ranking by motion would keep the passer-by."""
    rng = np.random.default_rng(3)
    n = 80
    a = actor_track(rng, n, center=(-0.4, 0, 3), amp=0.08)
    b = actor_track(rng, n, center=(0.4, 0, 3), amp=0.08)
    p = actor_track(rng, 50, center=(-1.5, 0, 4), move=(3, 0, 0), amp=0.1)
    slots, log = _slots([(ID_C, 10, p), (ID_A, 0, a), (ID_B, 0, b)], n)
    assert sorted(sum(slots, [])) == sorted([ID_A, ID_B])
    assert ID_C in log
    # the passer-by has the largest motion of all three
    assert ntu_denoise._motion(p) > max(ntu_denoise._motion(a), ntu_denoise._motion(b))


def test_ghost_body_dropped():
    rng = np.random.default_rng(4)
    n = 60
    a = actor_track(rng, n, amp=0.15)
    ghost = actor_track(rng, 12, center=(1.0, 0, 3.5), amp=0.3)
    slots, log = _slots([(ID_A, 0, a), (ID_D, 20, ghost)], n)
    assert slots == [[ID_A]] and ID_D in log
    # also with two real actors: the ghost overlaps both and is dropped
    b = actor_track(rng, n, center=(0.8, 0, 3), amp=0.15)
    slots, log = _slots([(ID_D, 20, ghost), (ID_A, 0, a), (ID_B, 0, b)], n)
    assert sorted(sum(slots, [])) == sorted([ID_A, ID_B]) and ID_D in log


def test_static_furniture_dropped():
    rng = np.random.default_rng(5)
    n = 60
    a = actor_track(rng, n, amp=0.15)
    # a static, upright (taller than wide) object: passes the spread test
    shape = rng.uniform(-1, 1, (25, 3)) * (0.1, 0.4, 0.1)
    chair = np.broadcast_to(shape + (1.2, -0.5, 3.5), (n, 25, 3)).copy()
    chair += rng.normal(0, 0.002, chair.shape)
    # furniture first in file order: "first two bodies" would keep it
    slots, log = _slots([(ID_C, 0, chair), (ID_A, 0, a)], n)
    assert slots == [[ID_A]]
    assert 'motion' in log[ID_C]


def test_wide_body_dropped_by_spread():
    rng = np.random.default_rng(6)
    n = 40
    a = actor_track(rng, n, amp=0.1)
    lying = actor_track(rng, n, center=(0, -0.5, 3.5), amp=0.1)[..., [1, 0, 2]]
    slots, log = _slots([(ID_C, 0, lying), (ID_A, 0, a)], n)
    assert slots == [[ID_A]] and 'spread' in log[ID_C]


def test_reacquired_actor_keeps_its_slot_and_early_frames():
    """B is tracked as b1 (frames 0-29), lost, and re-acquired as b2
    (frames 35-79); A is seen throughout."""
    rng = np.random.default_rng(7)
    n = 80
    a = actor_track(rng, n, center=(-0.5, 0, 3), amp=0.2)
    b = actor_track(rng, n, center=(0.5, 0, 3), amp=0.1)
    tracks = [(ID_C, 0, b[:30]), (ID_A, 0, a), (ID_D, 35, b[35:])]
    num_frames, bodies = read_skeleton(skeleton_text(
        frames_from_tracks(n, tracks)))
    slots, log = ntu_denoise.denoise_bodies(bodies)
    assert not log
    assert slots == [[ID_A], [ID_C, ID_D]]      # A moves more: main actor
    kp, kept = ntu_denoise.skeleton_to_keypoint(num_frames, bodies, slots)
    assert kept.tolist() == list(range(n))
    close(kp[1, :30], b[:30])                   # early frames kept
    assert not kp[1, 30:35].any()
    close(kp[1, 35:], b[35:])
    close(kp[0], a)


def test_at_most_two_persons():
    rng = np.random.default_rng(8)
    n = 40
    tracks = [(str(72057594037931000 + k), 0,
               actor_track(rng, n, center=(k - 1.0, 0, 3), amp=0.1))
              for k in range(3)]
    slots, log = _slots(tracks, n)
    assert len(slots) == 2 and len(log) == 1


# ---------------------------------------------------------------- bad files
def _one_frame_body(bid=ID_A, nj=25, value=None):
    xyz = human_pose(np.random.default_rng(0))
    if value is not None:
        xyz[3, 1] = value
    return [(bid, xyz[:nj])]


@pytest.mark.parametrize('kind,match', [
    ('empty', 'empty'),
    ('nan', 'NaN'),
    ('joints24', '24 joints'),
    ('truncated', 'truncated'),
    ('trailing', 'trailing data'),
    ('garbage', 'non-numeric'),
    ('nobody', 'no skeleton'),
])
def test_bad_files_raise(tmp_path, kind, match):
    good = [_one_frame_body() for _ in range(3)]
    if kind == 'empty':
        text = ''
    elif kind == 'nan':
        text = skeleton_text(good[:2] + [_one_frame_body(value=np.nan)])
    elif kind == 'joints24':
        text = skeleton_text(good, num_joints=24)
    elif kind == 'truncated':
        text = skeleton_text(good)[:-200]
    elif kind == 'trailing':
        text = skeleton_text(good, declared_frames=2)
    elif kind == 'garbage':
        lines = skeleton_text(good).split('\r\n')
        lines[5] = 'abc ' + lines[5].split(' ', 1)[1]
        text = '\r\n'.join(lines)
    else:
        text = skeleton_text([[], [], []])
    with pytest.raises(SkeletonFileError, match=match):
        read_skeleton(text)


# ------------------------------------------------------------- preparation
def _make_raw(folder, names, seed=0):
    rng = np.random.default_rng(seed)
    for name in names:
        n = int(rng.integers(20, 40))
        tracks = [(ID_A, 0, actor_track(rng, n, amp=0.1))]
        if int(name[-3:]) >= 50:           # mutual actions: two actors
            tracks.append((ID_B, 0, actor_track(rng, n, center=(0.8, 0, 3),
                                                amp=0.1)))
        write_skeleton(osp.join(folder, name + '.skeleton'),
                       frames_from_tracks(n, tracks))


def _names():
    out = []
    for s, c, p, a in [(1, 1, 1, 2), (1, 2, 1, 2), (1, 3, 3, 5), (2, 1, 2, 3),
                       (2, 2, 4, 51), (3, 3, 6, 2), (4, 2, 7, 5),
                       (5, 1, 8, 51), (6, 3, 38, 3), (17, 2, 40, 60)]:
        out.append(f'S{s:03d}C{c:03d}P{p:03d}R001A{a:03d}')
    return out


def test_prepare_ntu60_end_to_end(tmp_path):
    raw = str(tmp_path / 'raw')
    names = _names()
    _make_raw(raw, names)
    # not NTU-60 (setup 18 / action 61), official missing, bad files
    _make_raw(raw, ['S018C001P045R001A061', 'S001C001P001R001A061',
                    'S001C002P005R002A008'])
    with open(osp.join(raw, 'S001C001P002R001A001.skeleton'), 'w') as f:
        f.write(skeleton_text([_one_frame_body(value=np.nan)]))
    with open(osp.join(raw, 'S001C001P002R002A001.skeleton'), 'w') as f:
        f.write(skeleton_text([_one_frame_body()] * 3)[:-300])
    open(osp.join(raw, 'S001C001P002R001A002.skeleton'), 'w').close()
    out = str(tmp_path / 'data')
    logs = []
    rep = prepare_ntu([raw], out, 'ntu60', workers=2, aimclr=True,
                      aimclr_raw=True, pyskl=True, progress=False,
                      log=logs.append)
    assert rep['converted'] == len(names)
    assert rep['skipped_missing_list'] == 1
    assert rep['outside_benchmark'] == 2
    assert set(rep['skipped_bad']) == {'S001C001P002R001A001',
                                       'S001C001P002R002A001',
                                       'S001C001P002R001A002'}
    assert 'NaN' in rep['skipped_bad']['S001C001P002R001A001']
    assert 'empty' in rep['skipped_bad']['S001C001P002R001A002']
    on_disk = json.load(open(osp.join(out, 'ntu60_report.json')))
    assert on_disk['num_skipped_bad'] == 3
    assert 'S001C001P002R001A001' in open(
        osp.join(out, 'ntu60_report.txt')).read()
    assert any('3 bad files skipped' in m for m in logs)

    # splits: xsub subjects, xview cameras 2 and 3
    for split, want in [
            ('xsub_train', [n for n in names if int(n[9:12]) in
                            NTU60_XSUB_TRAIN]),
            ('xsub_val', [n for n in names if int(n[9:12]) not in
                          NTU60_XSUB_TRAIN]),
            ('xview_train', [n for n in names if n[5:8] in ('002', '003')]),
            ('xview_val', [n for n in names if n[5:8] == '001'])]:
        ds = SkelactDataset(osp.join(out, 'ntu60_skelact'), split=split,
                            num_classes=60)
        got = sorted(ds.get_data_info(i)['sample_name']
                     for i in range(len(ds)))
        assert got == sorted(want), split
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            assert info['label'] == int(info['sample_name'][-3:]) - 1
    # labels are never re-based: xsub_val lacks class 0 (A001) but A002
    # stays label 1
    ds = SkelactDataset(osp.join(out, 'ntu60_skelact'), split='xsub_val')
    assert min(ds.get_data_info(i)['label'] for i in range(len(ds))) >= 1

    # values agree across the layouts
    sk = SkelactDataset(osp.join(out, 'ntu60_skelact'), split='xsub_train')
    raw300 = AimCLRDataset(osp.join(out, 'ntu60_aimclr300/xsub'),
                           split='train')
    a50 = AimCLRDataset(osp.join(out, 'ntu60_aimclr/xsub'), split='train')
    pk = PysklDataset(osp.join(out, 'ntu60_pyskl/ntu60_3danno.pkl'),
                      split='xsub_train')
    assert len(sk) == len(raw300) == len(a50) == len(pk)
    for i in range(len(sk)):
        x, y, p = sk[i], raw300[i], pk[i]
        assert x['sample_name'] == y['sample_name'] == p['sample_name']
        np.testing.assert_array_equal(x['keypoint'], y['keypoint'])
        m = p['keypoint'].shape[0]
        np.testing.assert_array_equal(x['keypoint'][:m], p['keypoint'])
        z = a50[i]
        assert z['keypoint'].shape == (2, 50, 25, 3)
        assert z['total_frames'] == 50
        # the 50-frame export is AimCLRNormalize (the authors' reading)
        np.testing.assert_allclose(
            z['keypoint'], AimCLRNormalize()(dict(x))['keypoint'],
            atol=1e-6)
    one = sk.get_data_info(0)
    assert np.array_equal(one['keypoint'][1] != 0, np.zeros_like(
        one['keypoint'][1], bool)) == (int(one['sample_name'][-3:]) < 50)

    # resumable: nothing parsed again
    rep2 = prepare_ntu([raw], out, 'ntu60', workers=0, progress=False,
                       log=lambda m: None, overwrite=True)
    assert rep2['parsed_this_run'] == 3          # only the bad ones again
    assert rep2['converted'] == len(names)


def test_prepare_ntu120_splits(tmp_path):
    raw = str(tmp_path / 'raw')
    names = ['S001C001P001R001A001', 'S002C001P003R001A001',
             'S018C002P045R001A061', 'S019C001P044R001A120',
             'S020C003P103R001A100', 'S031C001P104R001A062']
    _make_raw(raw, names)
    out = str(tmp_path / 'data')
    rep = prepare_ntu([raw], out, 'ntu120', workers=0, progress=False,
                      log=lambda m: None)
    assert rep['converted'] == 6
    sk = osp.join(out, 'ntu120_skelact')

    def members(split):
        ds = SkelactDataset(sk, split=split, num_classes=120)
        return sorted(ds.get_data_info(i)['sample_name']
                      for i in range(len(ds)))
    assert members('xsub_train') == sorted(
        ['S001C001P001R001A001', 'S018C002P045R001A061',
         'S020C003P103R001A100'])
    assert members('xset_train') == sorted(
        ['S002C001P003R001A001', 'S018C002P045R001A061',
         'S020C003P103R001A100'])
    ds = SkelactDataset(sk, split='xset_val')
    labels = sorted(ds.get_data_info(i)['label'] for i in range(len(ds)))
    assert labels == [0, 61, 119]


def test_prepare_tool_cli(tmp_path, capsys):
    import importlib.util
    root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    spec = importlib.util.spec_from_file_location(
        'prepare_ntu', osp.join(root, 'tools/data/prepare_ntu.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    raw = str(tmp_path / 'raw')
    _make_raw(raw, _names()[:4])
    assert mod.main(['--raw', raw, '--out', str(tmp_path / 'd'),
                     '--workers', '0', '--no-progress']) == 0
    out = capsys.readouterr().out
    assert '4 samples converted' in out and 'xsub_train' in out


def test_both_actors_reacquired_no_slot_swap():
    """A: a1 (0-39) + a2 (45-79); B: b1 (0-34) + b2 (40-79). Time alone
    would let a1 continue B's slot; position keeps every track with its
    actor."""
    rng = np.random.default_rng(9)
    n = 80
    a = actor_track(rng, n, center=(-0.5, 0, 3), amp=0.2)
    b = actor_track(rng, n, center=(0.5, 0, 3), amp=0.1)
    a1, a2, b1, b2 = ('72057594037931201', '72057594037931202',
                      '72057594037931203', '72057594037931204')
    tracks = [(b2, 40, b[40:]), (a1, 0, a[:40]), (a2, 45, a[45:]),
              (b1, 0, b[:35])]
    num_frames, bodies = read_skeleton(skeleton_text(
        frames_from_tracks(n, tracks)))
    slots, log = ntu_denoise.denoise_bodies(bodies)
    assert not log
    assert slots == [[a1, a2], [b1, b2]]
    kp, kept = ntu_denoise.skeleton_to_keypoint(num_frames, bodies, slots)
    assert kept.tolist() == list(range(n))
    close(kp[0, :40], a[:40])
    close(kp[0, 45:], a[45:])
    close(kp[1, :35], b[:35])
    close(kp[1, 40:], b[40:])
