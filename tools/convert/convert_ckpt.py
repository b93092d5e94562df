"""Convert a third-party checkpoint into skelact naming.

    python tools/convert/convert_ckpt.py IN OUT [--source NAME]
                                         [--stream joint|bone|motion]
                                         [--overwrite]

The source is detected from the file's structure unless ``--source`` names
it. Loading never executes pickled code (``torch.load(weights_only=True)``).
An existing OUT is refused unless ``--overwrite``; it is written atomically.
"""
import argparse

from skelact.cli.errors import user_errors
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
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing OUT')
    args = p.parse_args()
    out = convert_file(args.src, args.dst, args.source, args.stream,
                       overwrite=args.overwrite)
    print(f'converted {args.src} -> {out}')


if __name__ == '__main__':
    with user_errors():
        main()
