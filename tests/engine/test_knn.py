"""Weighted cosine KNN (hand-computed 2D example), the KNNTestLoop through
a Runner, and the frozen backbone of linear evaluation through a Runner."""
import math

import numpy as np
import pytest
import torch
from mmengine.hooks import Hook

import skelact.engine  # noqa: F401
import skelact.models  # noqa: F401
from skelact.evaluation.knn import extract_features, knn_scores

from conftest import tiny_config


@pytest.fixture(autouse=True, scope='module')
def one_thread():
    """Tiny tensors: one thread is much faster on a shared 2-core machine."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


TRAIN = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]])
LABELS = torch.tensor([0, 1, 0, 1])


def cos(a, b):
    return (a[0] * b[0] + a[1] * b[1]) / math.hypot(*a) / math.hypot(*b)


def test_knn_scores_hand_example():
    test = torch.tensor([[1.0, 0.2], [-1.0, 0.5]])
    T = 0.5
    scores = knn_scores(TRAIN, LABELS, test, num_classes=3, k=3,
                        temperature=T)
    assert scores.shape == (2, 3)
    train = TRAIN.tolist()
    # point 0: sims (0.981, 0.196, 0.832, -0.981): top-3 = samples 0, 2, 1
    s = [cos((1.0, 0.2), t) for t in train]
    w0 = math.exp(s[0] / T) + math.exp(s[2] / T)
    w1 = math.exp(s[1] / T)
    torch.testing.assert_close(scores[0], torch.tensor(
        [w0 / (w0 + w1), w1 / (w0 + w1), 0.0]))
    # point 1: sims (-0.894, 0.447, -0.316, 0.894): top-3 = samples 3, 1, 2
    s = [cos((-1.0, 0.5), t) for t in train]
    w0 = math.exp(s[2] / T)
    w1 = math.exp(s[3] / T) + math.exp(s[1] / T)
    torch.testing.assert_close(scores[1], torch.tensor(
        [w0 / (w0 + w1), w1 / (w0 + w1), 0.0]))
    # k = 2: only the two nearest vote; cosine ignores the norm
    scores2 = knn_scores(TRAIN * 7, LABELS, test * 0.1, 3, k=2,
                         temperature=T)
    torch.testing.assert_close(scores2[0], torch.tensor([1.0, 0.0, 0.0]))
    torch.testing.assert_close(scores2[1], torch.tensor([0.0, 1.0, 0.0]))
    # k larger than the bank: all vote; chunking gives the same result
    all_k = knn_scores(TRAIN, LABELS, test, 3, k=100, temperature=T)
    torch.testing.assert_close(all_k.sum(1), torch.ones(2))
    torch.testing.assert_close(
        knn_scores(TRAIN, LABELS, test, 3, k=3, temperature=T, chunk=1),
        scores)


def test_knn_test_loop_through_runner(tiny_dataset, tmp_path):
    from mmengine.runner import Runner
    cfg = tiny_config(tiny_dataset, str(tmp_path / 'work'))
    cfg['model'] = dict(
        type='Recognizer', frozen_backbone=True, head=None,
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'))
    train_loader = dict(cfg['test_dataloader'])
    train_loader['dataset'] = dict(train_loader['dataset'], split='train')
    cfg['test_cfg'] = dict(type='KNNTestLoop', train_dataloader=train_loader,
                           k=5, temperature=0.1)
    for key in ('train_dataloader', 'train_cfg', 'optim_wrapper',
                'val_dataloader', 'val_cfg', 'val_evaluator'):
        cfg.pop(key)
    cfg['log_level'] = 'WARNING'
    cfg['experiment_name'] = 'knn_loop'
    runner = Runner.from_cfg(cfg)
    metrics = runner.test()
    assert 'acc/top1' in metrics
    # the same number from the features directly
    model = runner.model
    bank, bank_labels, _ = extract_features(model, runner.test_loop
                                            .train_dataloader)
    feats, labels, _ = extract_features(model, runner.test_dataloader)
    assert bank.shape == (24, 8) and feats.shape == (24, 8)
    scores = knn_scores(bank, bank_labels, feats, 3, k=5, temperature=0.1)
    acc = float((scores.argmax(1) == labels).float().mean())
    assert metrics['acc/top1'] == pytest.approx(acc, abs=1e-6)


class Snapshot(Hook):
    priority = 'VERY_HIGH'

    def __init__(self):
        self.before = None
        self.backbone_training = []

    def before_train(self, runner):
        self.before = {k: v.clone() for k, v in
                       runner.model.backbone.state_dict().items()}
        self.head = runner.model.head.fc.weight.detach().clone()

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.backbone_training.append(
            any(m.training for m in runner.model.backbone.modules()))


def test_frozen_backbone_unchanged_after_linear_training(tiny_dataset,
                                                         tmp_path):
    from mmengine.runner import Runner
    cfg = tiny_config(tiny_dataset, str(tmp_path / 'work'), max_epochs=2)
    cfg['model'] = dict(
        type='Recognizer', frozen_backbone=True,
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8,
                      dropout=0.5),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearHead', num_classes=3, in_channels=8))
    cfg['optim_wrapper'] = dict(optimizer=dict(
        type='SGD', lr=3.0, momentum=0.9, weight_decay=1e-4))
    cfg['train_cfg'] = dict(type='EpochBasedTrainLoop', max_epochs=2,
                            val_interval=10)
    cfg['log_level'] = 'WARNING'
    cfg['experiment_name'] = 'frozen_linear'
    runner = Runner.from_cfg(cfg)
    snap = Snapshot()
    runner.register_hook(snap)
    runner.train()
    assert len(snap.backbone_training) == 12
    assert not any(snap.backbone_training)  # eval mode in every iteration
    after = runner.model.backbone.state_dict()
    assert set(after) == set(snap.before)
    assert any('running_mean' in k for k in after)
    for k, v in snap.before.items():
        assert torch.equal(after[k], v), k  # incl. BN running statistics
    # the classifier did train
    assert not torch.equal(runner.model.head.fc.weight, snap.head)
    assert np.isfinite(runner.message_hub.get_scalar('train/loss').current())


def test_extract_features_reads_packed_views_as_the_first_view():
    # a KNN bank built from a multi-view (pretraining) pipeline: the
    # preprocessor unpacks the views, the algorithm embeds the first
    from mmengine.dataset import pseudo_collate
    from skelact.registry import MODELS, TRANSFORMS
    from skelact.structures import Views
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='SkeletonCLR',
        backbone=dict(type='STGCN', hidden_channels=4, hidden_dim=8),
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=8,
                       hidden_channels=8, out_channels=4),
        queue_size=8, feature_dim=4))
    pack = TRANSFORMS.build(dict(type='PackSkeletonInputs'))
    rng = np.random.default_rng(0)
    recs = [dict(keypoint=rng.normal(size=(1, 8, 25, 3)).astype(np.float32),
                 label=i % 2) for i in range(4)]
    single = [pack(dict(r)) for r in recs]
    views = [pack(dict(r, keypoint=Views([r['keypoint'], r['keypoint'] * 0])))
             for r in recs]
    f1, l1, _ = extract_features(model, [pseudo_collate(single)])
    f2, l2, _ = extract_features(model, [pseudo_collate(views)])
    assert f1.shape == (4, 8)
    torch.testing.assert_close(f2, f1)
    assert l1.tolist() == l2.tolist() == [0, 1, 0, 1]
