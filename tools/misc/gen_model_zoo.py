"""Write ``model_zoo/README.md`` and the root ``model-index.yml`` from the
metafiles (``configs/<method>/metafile.yml``).

    python tools/misc/gen_model_zoo.py [--check]

``--check`` writes nothing and exits 1 when either file is out of date
(tests/zoo/test_model_zoo.py runs the same comparison).
"""
import argparse
import os.path as osp
import sys

from skelact.cli.errors import user_errors


def expected_files(root=None):
    from skelact.zoo import load_models, method_dirs, repo_root
    from skelact.zoo.index import render_index
    from skelact.zoo.readme import render_readme
    root = root or repo_root()
    return {osp.join(root, 'model_zoo', 'README.md'):
            render_readme(load_models(root)),
            osp.join(root, 'model-index.yml'):
            render_index(method_dirs(root), root)}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--check', action='store_true',
                   help='exit 1 when a generated file is out of date')
    args = p.parse_args(argv)
    stale = []
    for path, text in expected_files().items():
        old = open(path, encoding='utf-8').read() if osp.isfile(path) \
            else None
        if old == text:
            continue
        stale.append(path)
        if not args.check:
            from skelact.utils.atomic_io import atomic_write_path
            with atomic_write_path(path) as tmp:
                with open(tmp, 'w', encoding='utf-8') as f:
                    f.write(text)
            print(f'wrote {path}')
    if args.check and stale:
        print('out of date (python tools/misc/gen_model_zoo.py): '
              + ', '.join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    with user_errors():
        sys.exit(main())
