"""Render a skeleton clip to MP4 or GIF.

    python tools/analysis/visualize_skeleton.py (CONFIG --index I [--split
        train|val|test] | --keypoints FILE [--index I]) --out OUT.mp4|.gif
        [--layout nturgb+d] [--azim 30] [--elev 15] [--size 480 480]
        [--fps 15] [--checkpoint CKPT [--protocol NAME]] [--text TEXT]

A sample of CONFIG's dataset (raw, before the pipeline) or of a keypoint
file (.npy / .npz / .pkl / skelact folder, see skelact.apis); 3D
skeletons are projected with the view (azimuth, elevation), 2D ones drawn
on their image size; every person; colours by side (left blue, right red).
With ``--checkpoint`` the model's top-1 prediction is written on the clip.
"""
import argparse

from skelact.cli.errors import user_errors


def _dataset_sample(config, split, index):
    from mmengine.registry import DefaultScope

    import skelact.datasets  # noqa: F401
    from skelact.cli import resolve_config
    from skelact.registry import DATASETS
    cfg = resolve_config(config, need_checkpoint=False).cfg
    loader = cfg.get(f'{split}_dataloader')
    if not loader:
        raise KeyError(f'{config}: no {split}_dataloader')
    ds_cfg = dict(loader['dataset'])
    ds_cfg['pipeline'] = []
    with DefaultScope.overwrite_default_scope('skelact'):
        ds = DATASETS.build(ds_cfg)
    if not 0 <= index < len(ds):
        raise IndexError(f'{config}: --index {index} outside 0..'
                         f'{len(ds) - 1} of the {split} split')
    rec = ds[index]
    names = (ds.metainfo or {}).get('classes')
    rec['class_name'] = names[rec['label']] if names and \
        0 <= rec.get('label', -1) < len(names) else None
    rec['layout'] = getattr(ds, 'layout', None)
    return rec


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config', nargs='?', help='dataset (or model) config')
    p.add_argument('--keypoints', help='keypoint file instead of CONFIG')
    p.add_argument('--index', type=int, default=0)
    p.add_argument('--split', default='val', choices=['train', 'val',
                                                      'test'])
    p.add_argument('--out', required=True, help='.mp4, .avi or .gif')
    p.add_argument('--layout', help='joint layout (default: the '
                   "dataset's, or nturgb+d)")
    p.add_argument('--azim', type=float, default=30.0)
    p.add_argument('--elev', type=float, default=15.0)
    p.add_argument('--size', type=int, nargs=2, default=(480, 480),
                   metavar=('W', 'H'))
    p.add_argument('--fps', type=float, default=15.0)
    p.add_argument('--checkpoint', help='predict the clip with this model '
                   '(CONFIG is its config)')
    p.add_argument('--protocol')
    p.add_argument('--text', help='a line written on every frame')
    args = p.parse_args(argv)
    if (args.config is None) == (args.keypoints is None) and \
            not args.checkpoint:
        p.error('give CONFIG (a dataset sample) or --keypoints FILE')
    from skelact.apis import load_keypoints
    from skelact.skeletons import LAYOUTS
    from skelact.visualization import render_skeleton_frames, write_video
    if args.keypoints:
        rec = load_keypoints(args.keypoints, args.index)
        rec.setdefault('layout', None)
    else:
        rec = _dataset_sample(args.config, args.split, args.index)
    layout = args.layout or getattr(rec.get('layout'), 'name',
                                    rec.get('layout')) or 'nturgb+d'
    if layout not in LAYOUTS:
        raise KeyError(f'--layout {layout!r}: expected one of '
                       f'{sorted(LAYOUTS)}')
    lines = []
    if rec.get('class_name') or 'label' in rec and rec['label'] >= 0:
        lines.append(f"label: {rec.get('class_name') or rec['label']}")
    if args.checkpoint:
        from skelact.apis import inference_skeleton, init_model
        model = init_model(args.config, args.checkpoint,
                           protocol=args.protocol)
        res = inference_skeleton(model, rec, topk=1)
        lines.append(f'predicted: {res.names[0]} ({res.scores[0]:.2f})')
    if args.text:
        lines.append(args.text)
    frames = render_skeleton_frames(
        rec['keypoint'], layout, tuple(args.size), rec.get('img_shape'),
        args.azim, args.elev, texts=['  '.join(lines)] if lines else None)
    write_video(frames, args.out, args.fps)
    print(f'wrote {args.out} ({len(frames)} frames)')
    return args.out


if __name__ == '__main__':
    with user_errors():
        main()
