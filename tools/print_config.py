"""Print or write the complete config of a run, as a plain mmengine config
file that tools/train.py and tools/test.py accept as it is.

    python tools/print_config.py CONFIG [--protocol NAME]
                                 [--checkpoint CKPT|none] [--out FILE]
                                 [--cfg-options KEY=VALUE ...]

With ``--protocol``, the evaluation run derived from the pretraining CONFIG
(its encoder starting from CKPT, by default the latest checkpoint of the
pretraining run; ``none`` for a random encoder).
"""
import argparse
import os
import os.path as osp

from skelact.cli import DictAction, resolve_config
from skelact.cli.errors import user_errors


def parse_args():
    p = argparse.ArgumentParser(description='Print a complete config')
    p.add_argument('config', help='config file')
    p.add_argument('--protocol', help='evaluation protocol to derive')
    p.add_argument('--checkpoint', help="pretraining checkpoint ('none': a "
                   'randomly initialised encoder)')
    p.add_argument('--out', help='write the config to this .py file')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys')
    return p.parse_args()


def main():
    args = parse_args()
    resolved = resolve_config(args.config, args.protocol, args.checkpoint,
                              args.cfg_options)
    cfg = resolved.cfg
    if args.out:
        if not args.out.endswith('.py'):
            raise SystemExit('skelact: error: --out must name a .py file')
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        cfg.dump(args.out)
        print(f'wrote {args.out}')
    else:
        print(cfg.pretty_text)


if __name__ == '__main__':
    with user_errors():
        main()
