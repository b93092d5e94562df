"""tools/demo.py's reading of the tools' logs and its table (the runs
themselves are `make demo`, minutes long, not a test)."""
import importlib.util
import os.path as osp

import pytest

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def demo():
    spec = importlib.util.spec_from_file_location(
        'demo_tool', osp.join(ROOT, 'tools', 'demo.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


LOG = """12/01 20:01:12 - mmengine - INFO - Epoch(train)  [1][3/9]  lr: 3.0 \
eta: 0:01:10  time: 4.2  loss: 230.5  loss_cls: 230.5
12/01 20:02:12 - mmengine - INFO - Epoch(train)  [6][9/9]  lr: 0.3 \
eta: 0:00:00  time: 4.1  loss: 181.25  loss_cls: 181.25
12/01 20:02:30 - mmengine - INFO - Epoch(val) [6][10/10]    acc/top1: 0.4150  \
acc/top5: 0.8800  data_time: 0.1
"""


def test_reads_the_last_accuracy_and_training_loss(demo):
    assert demo.metric(LOG) == 0.415
    assert demo.metric(LOG, 'acc/top5') == 0.88
    assert demo.train_loss(LOG) == 181.25
    assert demo.train_loss('no training here') != demo.train_loss('x')  # nan
    with pytest.raises(SystemExit, match='no acc/top1'):
        demo.metric('nothing')


def test_table_names_every_protocol_and_the_gain(demo):
    res = dict(knn=dict(pretrained=.55, random=.25),
               linear_probe=dict(pretrained=.6, random=.4),
               linear_paper=dict(pretrained=.3, random=.1),
               supervised=.8,
               final_train_loss=dict(linear_paper_pretrained=181.25,
                                     linear_paper_random=2.3,
                                     linear_probe_pretrained=1.0,
                                     linear_probe_random=1.5))
    text = demo.table(res)
    for name in ('knn', 'linear_probe', 'linear)', 'supervised', '181'):
        assert name in text
    assert '+30.0' in text and '+20.0' in text
    # which AimCLR encoder the protocols evaluated
    assert 'AimCLR: its query encoder' in text
    assert 'AimCLR: its momentum encoder' in demo.table(
        dict(res, eval_encoder='momentum'))
    assert demo._SHOW.search(LOG.splitlines()[0])
    assert not demo._SHOW.search('12/01 - mmengine - INFO - Config: ...')
