"""``model_zoo/README.md`` rendered from the metafiles (written by
``tools/misc/gen_model_zoo.py``; a test fails when the file and the
metafiles disagree)."""
from typing import List, Optional

__all__ = ['result_rows', 'render_readme', 'format_metric']

HEADER = """# Model zoo

Generated from `configs/<method>/metafile.yml` by
`python tools/misc/gen_model_zoo.py` -- do not edit by hand;
`skelact list` and `skelact show NAME` print the same tables.
`init_model(NAME, CKPT)` (skelact.apis) builds a model by its zoo name.

Top-1 accuracy (%) per model and protocol. *source* says where a number
comes from: a paper's table, the authors' README, or `skelact` for what
skelact measured itself (the synthetic CI set, unless the row says
otherwise). Authors' checkpoints are converted with the command in the
per-method table (`tools/convert/convert_ckpt.py`); skelact downloads
nothing itself. A sha256 is given only where the file was hashed.
"""


def format_metric(metrics: dict) -> str:
    parts = []
    for key in ('Top 1 Accuracy', 'Top 5 Accuracy'):
        if metrics.get(key) is not None:
            label = 'top-1' if key.startswith('Top 1') else 'top-5'
            parts.append(f'{metrics[key]}' if label == 'top-1' else
                         f'top-5 {metrics[key]}')
    return ' / '.join(parts) or '-'


def result_rows(models: List[dict]) -> List[list]:
    """``[model, dataset, stream, protocol, top-1, source]`` rows."""
    rows = []
    for m in models:
        for r in m['results'] or [{}]:
            rows.append([m['name'], r.get('Dataset') or m['dataset'],
                         m['stream'] or '', r.get('Protocol', ''),
                         format_metric(r.get('Metrics') or {}),
                         r.get('Source', '')])
    return rows


def _md(headers, rows) -> str:
    from tabulate import tabulate
    return tabulate(rows, headers=headers, tablefmt='github')


def render_readme(models: List[dict], methods: Optional[List[str]] = None
                  ) -> str:
    out = [HEADER]
    by_method = {}
    for m in models:
        by_method.setdefault(m['method'], []).append(m)
    for method in methods or sorted(by_method):
        group = by_method.get(method, [])
        if not group:
            continue
        first = group[0]
        out.append(f'\n## {first["collection"] or method}\n')
        if first['paper']:
            out.append(f'{first["paper"]}. ')
        if first['code']:
            out.append(f'Code: <{first["code"]}>. ')
        out.append(f'Configs and details: `configs/{method}/README.md`.\n\n')
        out.append(_md(['model', 'dataset', 'stream', 'protocol', 'top-1',
                        'source'], result_rows(group)))
        out.append('\n')
        ckpts = [[m['name'], m['weights'] or '-', m['sha256'] or '-',
                  f'`{m["converter"]}`' if m['converter'] else '-']
                 for m in group if m['weights'] or m['converter']]
        if ckpts:
            out.append('\n')
            out.append(_md(['model', "authors' checkpoint", 'sha256',
                            'convert'], ckpts))
            out.append('\n')
    return ''.join(out)
