"""Writers of the real file formats, for tests: NTU ``.skeleton`` text,
PKU-MMD skeleton/label text, AimCLR ``.npy`` + label ``.pkl``, pyskl
pickle, CTR-GCN ``.npz``. Imported by the dataset tests via sys.path."""
import os
import os.path as osp
import pickle

import numpy as np


# ---------------------------------------------------------------- NTU raw
def body_line(body_id, rng=None):
    """The 10-value body info line (bodyID as a 17-digit integer)."""
    return (f'{body_id} 0 1 1 1 1 0 0.0276471 0.05745083 2')


def joint_lines(xyz):
    lines = []
    for j, (x, y, z) in enumerate(xyz):
        # x y z depthX depthY colorX colorY orientWXYZ trackingState
        lines.append(f'{x:.7g} {y:.7g} {z:.7g} {250 + j:.5g} {200 + j:.5g} '
                     f'{900 + j:.5g} {500 + j:.5g} 0.1 0.2 0.3 0.9 2')
    return lines


def skeleton_text(frames, num_joints=25, declared_frames=None):
    """``frames``: list (one per frame) of lists of ``(body_id, xyz)``,
    xyz (25, 3). Returns the ``.skeleton`` text."""
    out = [str(len(frames) if declared_frames is None else declared_frames)]
    for bodies in frames:
        out.append(str(len(bodies)))
        for bid, xyz in bodies:
            out.append(body_line(bid))
            out.append(str(num_joints))
            out.extend(joint_lines(np.asarray(xyz)[:num_joints]))
    return '\r\n'.join(out) + '\r\n'      # the official files use CRLF


def human_pose(rng, center=(0.0, 0.0, 3.0), height=1.7, jitter=0.01):
    """A plausible upright 25-joint pose (taller than wide)."""
    y = np.linspace(-height / 2, height / 2, 25)
    rng.shuffle(y)
    x = rng.uniform(-0.25, 0.25, 25)
    z = rng.uniform(-0.1, 0.1, 25)
    pose = np.stack([x, y, z], 1) + np.asarray(center)
    return pose + rng.normal(0, jitter, pose.shape)


def actor_track(rng, n, center=(0.0, 0.0, 3.0), move=(0.0, 0.0, 0.0),
                amp=0.1):
    """(n, 25, 3): a pose moving by ``move`` over n frames with some limb
    motion of amplitude ``amp``."""
    base = human_pose(rng, center)
    t = np.linspace(0, 1, n)[:, None, None]
    wave = amp * np.sin(2 * np.pi * 2 * t + rng.uniform(0, 6, (1, 25, 1)))
    return base[None] + t * np.asarray(move) + wave


def write_skeleton(path, frames, **kw):
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w', newline='') as f:
        f.write(skeleton_text(frames, **kw))
    return path


def frames_from_tracks(num_frames, tracks):
    """``tracks``: list of ``(body_id, first_frame, xyz (n, 25, 3))``;
    returns the per-frame body lists (file order = track order)."""
    frames = [[] for _ in range(num_frames)]
    for bid, start, xyz in tracks:
        for k, pose in enumerate(xyz):
            frames[start + k].append((bid, pose))
    return frames


# ---------------------------------------------------------------- PKU-MMD
def write_pku_video(skel_dir, label_dir, video, persons, labels):
    """``persons``: (T, 2, 25, 3) (second person zeros when absent);
    ``labels``: list of (action_id, start, end, confidence)."""
    os.makedirs(skel_dir, exist_ok=True)
    os.makedirs(label_dir, exist_ok=True)
    arr = np.asarray(persons, np.float64).reshape(len(persons), 150)
    with open(osp.join(skel_dir, video + '.txt'), 'w') as f:
        for row in arr:
            f.write(' '.join(f'{v:.6f}' for v in row) + '\n')
    with open(osp.join(label_dir, video + '.txt'), 'w') as f:
        for a, s, e, c in labels:
            f.write(f'{a},{s},{e},{c}\n')


# ---------------------------------------------------------------- formats
def write_aimclr(folder, prefix, keypoints, labels, names, t=None,
                 suffix='.skeleton'):
    """AimCLR layout: ``<prefix>_position.npy`` (N, 3, T, 25, 2) and
    ``<prefix>_label.pkl`` = (names, labels). ``keypoints``: list of
    (M<=2, t_i, 25, 3)."""
    os.makedirs(folder, exist_ok=True)
    t = t or max(k.shape[1] for k in keypoints)
    data = np.zeros((len(keypoints), 3, t, 25, 2), np.float32)
    for i, kp in enumerate(keypoints):
        m, ti = kp.shape[:2]
        data[i, :, :ti, :, :m] = kp.transpose(3, 1, 2, 0)
    np.save(osp.join(folder, prefix + '_position.npy'), data)
    with open(osp.join(folder, prefix + '_label.pkl'), 'wb') as f:
        pickle.dump(([n + suffix for n in names], [int(x) for x in labels]),
                    f)
    return data


def write_pyskl(path, records, split, with_score=False):
    annos = []
    for r in records:
        a = dict(frame_dir=r['sample_name'], label=int(r['label']),
                 keypoint=r['keypoint'].astype(np.float16 if with_score
                                               else np.float32),
                 total_frames=r['keypoint'].shape[1])
        if with_score:
            a['keypoint_score'] = r['keypoint_score']
            a['img_shape'] = (1080, 1920)
            a['original_shape'] = (1080, 1920)
        annos.append(a)
    with open(path, 'wb') as f:
        pickle.dump(dict(split=split, annotations=annos), f)


def write_ctrgcn(path, train, test, num_classes, t=300, duplicate=True):
    """``train``/``test``: lists of (kp (M, t_i, 25, 3), label)."""
    def pack(items):
        x = np.zeros((len(items), t, 150), np.float32)
        y = np.zeros((len(items), num_classes))
        for i, (kp, lab) in enumerate(items):
            m, ti = kp.shape[:2]
            flat = kp.transpose(1, 0, 2, 3).reshape(ti, m * 75)
            x[i, :ti, :m * 75] = flat
            if m == 1 and duplicate:
                x[i, :ti, 75:] = flat
            y[i, lab] = 1
        return x, y
    xt, yt = pack(train)
    xs, ys = pack(test)
    np.savez(path, x_train=xt, y_train=yt, x_test=xs, y_test=ys)
