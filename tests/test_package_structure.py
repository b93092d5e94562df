"""The package's shape: no import cycle (not even through imports inside
functions), every module imports on its own, no module over about 400
lines, and packages list their exports."""
import ast
import os
import os.path as osp
import subprocess
import sys

from conftest import ROOT

PKG = osp.join(ROOT, 'skelact')
MAX_LINES = 420  # "about 400"


def _modules():
    mods = {}
    for d, _, files in os.walk(PKG):
        for f in files:
            if f.endswith('.py'):
                path = osp.join(d, f)
                name = osp.relpath(path, ROOT)[:-3].replace(os.sep, '.')
                if name.endswith('.__init__'):
                    name = name[:-len('.__init__')]
                mods[name] = path
    return mods


def import_graph():
    """Module -> skelact modules it imports (anywhere in its body)."""
    mods = _modules()
    graph = {m: set() for m in mods}
    for mod, path in mods.items():
        tree = ast.parse(open(path, encoding='utf-8').read(), path)
        package = mod if path.endswith('__init__.py') else \
            mod.rsplit('.', 1)[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                graph[mod] |= {a.name for a in node.names if a.name in mods}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = package.split('.')
                    parts = parts[:len(parts) - node.level + 1]
                    base = '.'.join(parts + ([node.module] if node.module
                                             else []))
                else:
                    base = node.module
                if base in mods:
                    graph[mod].add(base)
                for a in node.names:
                    if f'{base}.{a.name}' in mods:
                        graph[mod].add(f'{base}.{a.name}')
        graph[mod].discard(mod)
    return graph


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_a_cycle():
    assert cycles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) == [
        ['a', 'b', 'c']]
    assert cycles({'a': {'b'}, 'b': set()}) == []


def test_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 50
    assert cycles(graph) == []


def test_no_module_over_about_400_lines():
    long = {m: n for m, p in _modules().items()
            if (n := sum(1 for _ in open(p, encoding='utf-8'))) > MAX_LINES}
    assert long == {}


def test_every_module_imports_on_its_own():
    """Each module in a fresh process (forked after torch and mmengine are
    imported, before any skelact module; as many at a time as there are
    cores), so that no module works only because another one happened to
    be imported first."""
    script = r'''
import importlib, os, sys, traceback
import numpy, torch, mmengine.config, mmengine.runner  # noqa: F401
failed, running = [], {}
jobs = max(1, len(os.sched_getaffinity(0)))  # children side by side


def reap():
    pid, status = os.wait()
    if status:
        failed.append(running[pid])
    del running[pid]


for name in sys.argv[1:]:
    while len(running) >= jobs:
        reap()
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    running[pid] = name
while running:
    reap()
print('FAILED', ' '.join(sorted(failed)))
'''
    names = sorted(_modules())
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, '-c', script] + names, cwd=ROOT,
                          env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == 'FAILED', \
        proc.stdout[-2000:] + proc.stderr[-3000:]


def test_packages_list_their_exports():
    """Package __init__ files import what they provide by name and list it
    in __all__ (``from skelact.models import STGCN`` works)."""
    import importlib
    for pkg in ('skelact.models', 'skelact.models.backbones',
                'skelact.models.algorithms', 'skelact.datasets',
                'skelact.datasets.transforms', 'skelact.engine.hooks',
                'skelact.apis', 'skelact.cli', 'skelact.utils'):
        mod = importlib.import_module(pkg)
        exported = getattr(mod, '__all__', None)
        assert exported, pkg
        for name in exported:
            assert hasattr(mod, name), f'{pkg}.{name}'
    from skelact.models import STGCN  # noqa: F401
    from skelact.engine.hooks import MomentumUpdateHook  # noqa: F401
