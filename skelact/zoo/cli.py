"""The ``skelact`` command (console entry point of setup.py).

    skelact list [--method M] [--dataset D]   models and their numbers
    skelact show NAME                         one model: config, results,
                                              checkpoint, converter
"""
import argparse
import sys

__all__ = ['main']


def _list(args):
    from tabulate import tabulate

    from .metafile import load_models
    from .readme import result_rows
    models = load_models(method=args.method, dataset=args.dataset)
    if not models:
        what = ' '.join(f'--{k} {v}' for k, v in
                        (('method', args.method), ('dataset', args.dataset))
                        if v)
        print(f'no model matches {what}'.strip())
        return 1
    print(tabulate(result_rows(models),
                   headers=['model', 'dataset', 'stream', 'protocol',
                            'top-1', 'source']))
    print(f'\n{len(models)} models, '
          f'{len({m["method"] for m in models})} methods')
    return 0


def _show(args):
    from tabulate import tabulate

    from .metafile import find_model
    from .readme import format_metric
    m = find_model(args.name)
    info = [['name', m['name']], ['method', m['collection'] or m['method']],
            ['config', m['config_rel']], ['dataset', m['dataset']],
            ['stream', m['stream'] or '-'],
            ['protocols', ', '.join(m['protocols']) or '-'],
            ['paper', m['paper'] or '-'], ['code', m['code'] or '-'],
            ["authors' checkpoint", m['weights'] or '-'],
            ['sha256', m['sha256'] or '-'],
            ['convert', m['converter'] or '-']]
    print(tabulate(info, tablefmt='plain'))
    rows = [[r.get('Protocol', ''), r.get('Dataset', ''),
             format_metric(r.get('Metrics') or {}), r.get('Source', '')]
            for r in m['results']]
    if rows:
        print()
        print(tabulate(rows, headers=['protocol', 'dataset', 'top-1',
                                      'source']))
    return 0


def main(argv=None):
    from skelact.cli.errors import user_errors
    p = argparse.ArgumentParser(prog='skelact',
                                description='skelact model zoo')
    sub = p.add_subparsers(dest='command', required=True)
    pl = sub.add_parser('list', help='list the models of the zoo')
    pl.add_argument('--method', help='one method folder (configs/<method>)')
    pl.add_argument('--dataset', help='datasets whose name contains this')
    ps = sub.add_parser('show', help='one model of the zoo')
    ps.add_argument('name')
    args = p.parse_args(argv)
    with user_errors():
        return (_list if args.command == 'list' else _show)(args)


if __name__ == '__main__':
    sys.exit(main())
