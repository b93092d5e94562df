"""Video -> skeleton -> action.

    python tools/demo_video.py VIDEO CONFIG CKPT --out OUT.mp4 \
        [--keypoints FILE] [--window 32] [--stride 8] [--protocol NAME] \
        [--max-frames N] [--convert [SOURCE]]

2D poses per frame from MediaPipe (``pip install 'skelact[video]'``; see
skelact/video/pose.py for the offline-capable release), or from
``--keypoints FILE`` (``.npy``: (T, V, 3) or (M, T, V, 3), x and y in
pixels and a score, in the ``mediapipe`` 33 or ``coco`` 17 layout: see
``--keypoint-layout``), converted to the model's layout (COCO-17, or
H36M-17 for MotionBERT configs), tracked across frames (up to two
persons), recognised on sliding windows, and written back onto the video
with the skeletons and the label of each window. Nothing is left at OUT
when any step fails.
"""
import argparse
import sys

from skelact.cli.errors import user_errors


def estimate(frames, progress=None):
    from skelact.video import MediaPipePose
    pose = MediaPipePose()
    try:
        out = []
        for f in frames:
            out.append(pose(f))
            if progress:
                progress()
        return out
    finally:
        pose.close()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('video')
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--out', required=True, help='.mp4, .avi or .gif')
    p.add_argument('--keypoints', help='precomputed keypoints (.npy)')
    p.add_argument('--keypoint-layout', default='auto',
                   help="mediapipe, coco or h36m (auto: by joint count)")
    p.add_argument('--window', type=int, default=32)
    p.add_argument('--stride', type=int, default=8)
    p.add_argument('--protocol')
    p.add_argument('--convert', nargs='?', const='auto', metavar='SOURCE')
    p.add_argument('--max-frames', type=int)
    args = p.parse_args(argv)
    import numpy as np
    from tqdm import tqdm

    from skelact.apis import inference_skeleton, init_model
    from skelact.apis.inference import model_input_layout
    from skelact.utils.errors import DataError
    from skelact.video import (landmarks_to_layout, read_video,
                               sliding_windows, track_persons,
                               window_labels)
    from skelact.visualization import render_skeleton_frames, write_video
    frames, fps = read_video(args.video, args.max_frames)
    model = init_model(args.config, args.checkpoint,
                       protocol=args.protocol, convert=args.convert)
    layout, num_joints = model_input_layout(model)
    if layout not in ('coco', 'h36m'):
        raise DataError(f'{args.config}: the model reads {layout!r} '
                        f'keypoints ({num_joints} joints); the video demo '
                        'gives 2D COCO-17 or H36M-17 keypoints: use a '
                        'config of those layouts')
    h, w = frames[0].shape[:2]
    if args.keypoints:
        kp = np.load(args.keypoints, allow_pickle=False).astype('f4')
        if kp.ndim == 3:
            kp = kp[None]
        if kp.ndim != 4 or kp.shape[-1] != 3:
            raise DataError(f'{args.keypoints}: shape {kp.shape}; expected '
                            '(T, V, 3) or (M, T, V, 3): x, y, score')
        src = args.keypoint_layout
        if src == 'auto':
            src = {33: 'mediapipe', 17: 'coco'}.get(kp.shape[2])
            if src is None:
                raise DataError(f'{args.keypoints}: {kp.shape[2]} joints '
                                'is no known keypoint layout (mediapipe '
                                '33, coco 17); pass --keypoint-layout')
        if kp.shape[1] != len(frames):
            raise DataError(f'{args.keypoints}: {kp.shape[1]} frames, the '
                            f'video {len(frames)}')
        kp = landmarks_to_layout(kp, src, layout)
        if not np.abs(kp).sum():
            raise DataError(f'{args.keypoints}: no person in any frame')
    else:
        bar = tqdm(total=len(frames), desc='pose', unit='frame',
                   file=sys.stderr)
        dets = estimate(frames, lambda: bar.update(1))
        bar.close()
        empty = sum(1 for d in dets if not d)
        if empty == len(dets):
            raise DataError(f'{args.video}: no person found in any of its '
                            f'{len(frames)} frames')
        dets = [[landmarks_to_layout(p, 'mediapipe', layout) for p in d]
                for d in dets]
        kp = track_persons(dets, scale=max(h, w))
        if empty:
            print(f'skelact: no person in {empty} of {len(frames)} frames '
                  '(left empty)', file=sys.stderr)
    xy, score = kp[..., :2], kp[..., 2]
    windows = sliding_windows(len(frames), args.window, args.stride)
    results = []
    for s, e in windows:
        rec = dict(keypoint=xy[:, s:e], keypoint_score=score[:, s:e],
                   img_shape=(h, w))
        results.append(inference_skeleton(model, rec, topk=1))
    texts = window_labels(len(frames), windows, results)
    out = render_skeleton_frames(kp[..., :2], layout, background=frames,
                                 texts=texts)
    write_video(out, args.out, fps)
    for (s, e), r in zip(windows, results):
        print(f'frames {s}-{e - 1}: {r.names[0]} ({r.scores[0]:.2f})')
    print(f'wrote {args.out}')
    return args.out, results, kp


if __name__ == '__main__':
    with user_errors():
        main()
