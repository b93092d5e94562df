"""The README's main job: what self-supervised pretraining buys, measured
on the built-in synthetic set in its HARD setting (viewpoint, body size,
tempo, sensor noise, dropped joints, occlusion, distractor motion;
docs/synthetic.md), cross-subject split, 10 classes.

1. pretrain AimCLR  (configs/aimclr/stgcn_synthetic_hard_xsub.py)
2. the fair linear probe (protocol ``linear_probe``: features standardised
   by a non-affine BatchNorm in front of the linear layer) on the
   AimCLR-pretrained encoder (its momentum encoder: the config's
   ``eval_encoder``) and on a randomly initialised one
3. the paper's linear protocol (``linear``: raw features, SGD lr 3.0) on
   both, reported with its final training loss
4. KNN (``knn``: k=20, cosine) on both
5. supervised ST-GCN on the same labels (configs/stgcn/
   stgcn_synthetic_hard_xsub.py), the ceiling

Each step is a plain tools/train.py or tools/test.py command, printed
before it runs; its per-epoch lines (loss, accuracy, ETA) are streamed and
its whole output is kept in ``<work dir>/logs/<step>.log``. The demo ends
with the table, writes ``<work dir>/summary.json`` (top-1 as fractions)
and, where the plotting tools are installed, curves, a t-SNE of the
pretrained features and one rendered test clip.

    python tools/demo.py [--work-dir work_dirs/demo] [--seed 0]
                         [--no-pictures] [--supervised] [--short]

``--seed`` (default: $DEMO_SEED or 0) seeds every training run; the data
are the same for every seed. ``--supervised`` only trains and tests the
supervised ST-GCN (``make demo-supervised``). ``--short`` runs every
step for one epoch (a smoke test of the pipeline; its numbers mean
nothing). Every training step passes
``--overwrite``: a second demo starts its runs afresh in the same folders.
"""
import argparse
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time
from collections import deque

from skelact.cli.errors import user_errors

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
PRETRAIN = 'configs/aimclr/stgcn_synthetic_hard_xsub.py'
SUPERVISED = 'configs/stgcn/stgcn_synthetic_hard_xsub.py'
# the lines of a run worth streaming: mmengine's per-iteration / epoch logs
_SHOW = re.compile(r'Epoch\((train|val|test)\)|Iter\((train|val|test)\)|'
                   r'skelact: error|Error|Traceback')
_NUM = r'([-+0-9.eE]+|nan|inf)'


class Demo:
    def __init__(self, work_dir, seed, short=False):
        self.work_dir, self.seed, self.short = work_dir, seed, short
        self.logs = osp.join(work_dir, 'logs')
        os.makedirs(osp.join(ROOT, self.logs), exist_ok=True)
        self.start = time.time()
        self.step = 0

    def run(self, name, args, seeded=True):
        """Run one tool, stream its log lines, return its whole output."""
        if seeded:
            args = args + ['--cfg-options', f'randomness.seed={self.seed}']
            if self.short and args[0] == 'tools/train.py':
                args += ['train_cfg.max_epochs=1', 'train_cfg.val_interval=1']
        self.step += 1
        print(f'\n[{self.step}] {name}   ({self.elapsed()} elapsed)\n$ '
              + ' '.join(['python'] + args), flush=True)
        start = time.time()
        log_path = osp.join(ROOT, self.logs, f'{self.step:02d}_'
                            + re.sub(r'\W+', '_', name).strip('_') + '.log')
        tail, out = deque(maxlen=40), []
        env = dict(os.environ, PYTHONUNBUFFERED='1')
        with open(log_path, 'w') as log, subprocess.Popen(
                [sys.executable] + args, cwd=ROOT, env=env, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                bufsize=1) as proc:
            shown = 0.0  # when the last training line was printed
            for line in proc.stdout:
                log.write(line)
                log.flush()
                out.append(line)
                tail.append(line)
                show = _SHOW.search(line)
                if show and 'train' in (show.group(1), show.group(2)):
                    # a cached linear probe logs 100 epochs in seconds:
                    # one training line per 2 s is enough to watch
                    if time.time() - shown < 2:
                        continue
                    shown = time.time()
                if show:
                    # drop mmengine's "date time - mmengine - INFO - "
                    print('  ' + re.sub(r'^.*? - mmengine - \w+ - ', '',
                                        line.rstrip()), flush=True)
        if proc.returncode:
            sys.stdout.write(''.join(tail))
            print(f'step failed (exit {proc.returncode}): '
                  f'{" ".join(args)}; whole log: {log_path}',
                  file=sys.stderr)
            raise SystemExit(proc.returncode)
        print(f'  done in {time.time() - start:.0f} s', flush=True)
        return ''.join(out)

    def elapsed(self):
        s = int(time.time() - self.start)
        return f'{s // 60}:{s % 60:02d}'

    def last_checkpoint(self, run_dir):
        with open(osp.join(ROOT, run_dir, 'last_checkpoint')) as f:
            return f.read().strip()


def metric(log, key='acc/top1'):
    """The last value of ``key`` in a tool's output."""
    values = re.findall(re.escape(key) + r': ' + _NUM, log)
    if not values:
        raise SystemExit(f'no {key} in the output')
    return float(values[-1])


def train_loss(log):
    """The last logged training loss of a run."""
    values = re.findall(r'Epoch\(train\).*?\bloss: ' + _NUM, log)
    return float(values[-1]) if values else float('nan')


def supervised(demo):
    wd = osp.join(demo.work_dir, 'stgcn_supervised')
    log = demo.run('supervised ST-GCN (the ceiling)',
                   ['tools/train.py', SUPERVISED, '--work-dir', wd,
                    '--overwrite'])
    return metric(log), wd


def measure(demo):
    """Steps 1-5; returns the summary dict and the runs' folders."""
    wd = demo.work_dir
    dirs = {k: osp.join(wd, k) for k in (
        'aimclr_pretrain', 'aimclr_linear_probe', 'random_linear_probe',
        'aimclr_linear_paper', 'random_linear_paper', 'aimclr_knn',
        'random_knn')}
    demo.run('AimCLR pretraining', ['tools/train.py', PRETRAIN, '--work-dir',
                                    dirs['aimclr_pretrain'], '--overwrite'])
    ckpt = demo.last_checkpoint(dirs['aimclr_pretrain'])
    res = dict(knn={}, linear_probe={}, linear_paper={})
    losses = {}
    for proto, key in (('linear_probe', 'linear_probe'),
                       ('linear', 'linear_paper')):
        for enc, init in (('pretrained', ckpt), ('random', 'none')):
            name = ('aimclr_' if enc == 'pretrained' else 'random_') + key
            log = demo.run(f'{key.replace("_", " ")}, {enc} encoder',
                           ['tools/train.py', PRETRAIN, '--protocol', proto,
                            '--checkpoint', init, '--work-dir', dirs[name],
                            '--overwrite'])
            res[key][enc] = metric(log)
            losses[f'{key}_{enc}'] = train_loss(log)
    # KNN: the random encoder is the one the random probe started from
    # (same seed); its checkpoint's classifier is not used (--allow-partial)
    for enc, c, extra in (
            ('pretrained', ckpt, []),
            ('random', demo.last_checkpoint(dirs['random_linear_probe']),
             ['--allow-partial'])):
        name = 'aimclr_knn' if enc == 'pretrained' else 'random_knn'
        log = demo.run(f'KNN, {enc} encoder',
                       ['tools/test.py', PRETRAIN, c, '--protocol', 'knn',
                        '--work-dir', dirs[name]] + extra)
        res['knn'][enc] = metric(log)
    res['supervised'], dirs['stgcn_supervised'] = supervised(demo)
    res['final_train_loss'] = losses
    # which of AimCLR's encoders the protocols evaluated (the config's)
    from mmengine.config import Config
    res['eval_encoder'] = Config.fromfile(osp.join(ROOT, PRETRAIN)).get(
        'eval_encoder', 'query')
    return res, dirs, ckpt


def table(res):
    rows = [('KNN (k=20, cosine; knn)', 'knn'),
            ('fair linear probe (BN-standardised; linear_probe)',
             'linear_probe'),
            ("paper's linear (raw features, SGD lr 3.0; linear)",
             'linear_paper')]
    w = max(len(r[0]) for r in rows)
    lines = ['synthetic (hard) xsub, 10 classes, test top-1; AimCLR: its '
             f'{res.get("eval_encoder", "query")} encoder (eval_encoder)',
             f'{"protocol":<{w}}  AimCLR  random  gain (points)']
    for label, key in rows:
        p, r = res[key]['pretrained'], res[key]['random']
        lines.append(f'{label:<{w}}  {p:.4f}  {r:.4f}  {100 * (p - r):+.1f}')
    loss = res['final_train_loss']
    lines.append(f"{'  final training loss of the paper protocol':<{w}}  "
                 f"{loss['linear_paper_pretrained']:<6.3g}  "
                 f"{loss['linear_paper_random']:<6.3g}  (ln 10 = 2.303)")
    lines.append(f'{"supervised ST-GCN, same labels (the ceiling)":<{w}}  '
                 f'{res["supervised"]:.4f}')
    return '\n'.join(lines)


def pictures(demo, dirs, ckpt):
    """Curves, t-SNE and one rendered clip, where the tools exist."""
    tools = osp.join(ROOT, 'tools', 'analysis')
    made = []
    jobs = []
    if osp.exists(osp.join(tools, 'plot_curves.py')):
        out = osp.join(demo.work_dir, 'curves.png')
        runs = [dirs[k] for k in ('aimclr_pretrain', 'aimclr_linear_probe',
                                  'random_linear_probe', 'stgcn_supervised')]
        jobs.append(('curves', ['tools/analysis/plot_curves.py'] + runs
                     + ['--out', out], out))
    if osp.exists(osp.join(tools, 'tsne.py')):
        out = osp.join(demo.work_dir, 'tsne_aimclr.png')
        jobs.append(('t-SNE of the pretrained features',
                     ['tools/analysis/tsne.py', PRETRAIN, ckpt, '--out',
                      out], out))
    if osp.exists(osp.join(tools, 'visualize_skeleton.py')):
        out = osp.join(demo.work_dir, 'test_clip.gif')
        jobs.append(('one test clip with the supervised prediction',
                     ['tools/analysis/visualize_skeleton.py', SUPERVISED,
                      '--index', '0', '--split', 'test', '--checkpoint',
                      demo.last_checkpoint(dirs['stgcn_supervised']),
                      '--out', out], out))
    for name, args, out in jobs:
        try:
            demo.run(name, args, seeded=False)
        except SystemExit:  # a picture is optional; the numbers stand
            print(f'  (no {name}: see the log above)')
            continue
        made.append(out)
    return made


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--work-dir', default='work_dirs/demo')
    p.add_argument('--seed', type=int,
                   default=int(os.environ.get('DEMO_SEED', 0)))
    p.add_argument('--no-pictures', action='store_true')
    p.add_argument('--supervised', action='store_true',
                   help='only the supervised ST-GCN')
    p.add_argument('--short', action='store_true',
                   help='one epoch per step (a smoke test)')
    args = p.parse_args()
    demo = Demo(args.work_dir, args.seed, args.short)
    if args.supervised:
        acc, _ = supervised(demo)
        print(f'\nsupervised ST-GCN, synthetic (hard) xsub test top-1 '
              f'{acc:.4f}  ({demo.elapsed()} in all)')
        return
    res, dirs, ckpt = measure(demo)
    res['seconds'] = round(time.time() - demo.start, 1)
    res['seed'] = args.seed
    summary = osp.join(ROOT, args.work_dir, 'summary.json')
    with open(summary, 'w') as f:
        json.dump(res, f, indent=2)
    print('\n' + table(res))
    print(f'measured in {demo.elapsed()} (seed {args.seed}); {summary}')
    if not args.no_pictures:
        made = pictures(demo, dirs, ckpt)
        if made:
            print('\npictures:\n' + '\n'.join('  ' + m for m in made))
    print(f'total {demo.elapsed()}')


if __name__ == '__main__':
    with user_errors():
        main()
