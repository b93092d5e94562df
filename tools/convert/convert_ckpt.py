"""Convert a third-party checkpoint into skelact naming.

    python tools/convert/convert_ckpt.py IN OUT [--source NAME]
                                         [--stream joint|bone|motion]

The source is detected from the file's structure unless ``--source`` names
it. Loading never executes pickled code (``torch.load(weights_only=True)``).
"""
import argparse

from skelact.utils.checkpoint import convert_file
from skelact.utils.converters import SOURCES


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('src', help='third-party checkpoint')
    p.add_argument('dst', help='output skelact checkpoint')
    p.add_argument('--source', choices=sorted(SOURCES),
                   help='checkpoint source (default: detect)')
    p.add_argument('--stream', choices=['joint', 'bone', 'motion'],
                   help='the input stream the checkpoint was trained on '
                   '(recorded in its meta)')
    args = p.parse_args()
    out = convert_file(args.src, args.dst, args.source, args.stream)
    print(f'converted {args.src} -> {out}')


if __name__ == '__main__':
    main()
