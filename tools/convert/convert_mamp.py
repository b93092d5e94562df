"""Convert a MAMP checkpoint (maoyunyao/MAMP ``checkpoint-*.pth``) for a
skelact config.

    python tools/convert/convert_mamp.py IN OUT [--config CONFIG]
                                         [--num-frames N] [--t-patch-size U]
                                         [--overwrite]

The keys map as ``skelact/utils/converters/mamp.py`` describes (encoder ->
``backbone.*``, decoder -> ``decoder.*``); the result loads strictly into
``MAMP`` and, through ``--checkpoint``, into the derived linear / finetune /
semi runs. With ``--config`` (or ``--num-frames`` / ``--t-patch-size``) the
checkpoint is checked against the model: a temporal patch size that
differs is refused, a different clip length resizes the temporal
embeddings (bicubic, as the authors' ``interpolate_temp_embed``).
Loading never executes pickled code; an existing OUT is refused unless
``--overwrite``.
"""
import argparse
import os

from skelact.cli.errors import user_errors
from skelact.utils.atomic_io import refuse_existing_outputs
from skelact.utils.checkpoint import save_checkpoint_atomic
from skelact.utils.converters.mamp import MAMPSource
from skelact.utils.safe_load import safe_torch_load


def _from_config(path):
    from mmengine.config import Config
    bb = Config.fromfile(path).model.backbone
    return int(bb.get('num_frames', 120)), int(bb.get('t_patch_size', 4))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('src', help="MAMP's checkpoint-*.pth")
    p.add_argument('dst', help='output skelact checkpoint')
    p.add_argument('--config', help='the skelact config the result is for '
                   '(its model.backbone gives num_frames, t_patch_size)')
    p.add_argument('--num-frames', type=int, help='clip length of the model')
    p.add_argument('--t-patch-size', type=int,
                   help='temporal patch size of the model')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing OUT')
    args = p.parse_args()
    num_frames, t_patch = args.num_frames, args.t_patch_size
    if args.config:
        cfg_frames, cfg_patch = _from_config(args.config)
        num_frames = num_frames or cfg_frames
        t_patch = t_patch or cfg_patch
    refuse_existing_outputs([args.dst], args.overwrite,
                            what='the output checkpoint')
    ckpt = safe_torch_load(args.src)
    if not isinstance(ckpt, dict) or not MAMPSource().detect(ckpt):
        raise ValueError(f'{args.src}: not a MAMP checkpoint (expected '
                         "{'model': {joints_embed.proj.weight, temp_embed, "
                         "blocks.*, ...}, ...})")
    try:
        out = MAMPSource().convert(ckpt, t_patch_size=t_patch,
                                   num_frames=num_frames)
    except (KeyError, ValueError) as e:
        raise ValueError(f'{args.src}: {e}') from None
    out['meta'].update(source='mamp',
                       converted_from=os.path.abspath(args.src))
    save_checkpoint_atomic(out, args.dst)
    print(f'converted {args.src} -> {args.dst}')


if __name__ == '__main__':
    with user_errors():
        main()
