"""Fusion on raw logits (the AimCLR authors' ensemble) next to fusion on
softmax scores; DumpScores(logits=True); heads put the raw logits in the
predictions."""
import numpy as np
import pytest
import torch

from skelact.evaluation.fusion import fuse_files
from skelact.evaluation.metrics.dump_scores import DumpScores, load_scores


def _softmax(x):
    e = np.exp(x - x.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def dump(path, logits, labels, with_logits=True):
    logits = np.asarray(logits, np.float32)
    arrays = dict(scores=_softmax(logits), labels=np.asarray(labels),
                  sample_names=np.array([f's{i}' for i in range(len(labels))]))
    if with_logits:
        arrays['logits'] = logits
    np.savez(path, **arrays)
    return str(path)


def test_logits_and_scores_fuse_differently(tmp_path):
    # stream a is sure of class 0 (logit margin 10), b and c lean to class
    # 1 (margin 2). Logits: 10 + 0 + 0 vs 0 + 2 + 2 -> class 0. Scores:
    # ~1.0 + 0.119 + 0.119 vs ~0.0 + 0.881 + 0.881 -> class 1 (the label).
    a = dump(tmp_path / 'a.npz', [[10.0, 0.0]], [1])
    b = dump(tmp_path / 'b.npz', [[0.0, 2.0]], [1])
    c = dump(tmp_path / 'c.npz', [[0.0, 2.0]], [1])
    on_scores = fuse_files([a, b, c], [1, 1, 1], topk=(1,))
    on_logits = fuse_files([a, b, c], [1, 1, 1], topk=(1,), on='logits')
    assert on_scores['fused/top1'] == 1.0
    assert on_logits['fused/top1'] == 0.0
    assert on_logits[f'{a}/top1'] == 0.0 and on_logits[f'{b}/top1'] == 1.0


def test_logit_fusion_needs_dumped_logits(tmp_path):
    from skelact.utils.errors import DataError
    a = dump(tmp_path / 'a.npz', [[1.0, 0.0]], [0])
    b = dump(tmp_path / 'b.npz', [[1.0, 0.0]], [0], with_logits=False)
    with pytest.raises(DataError, match='b.npz: logits: missing.*'
                       '--dump-logits'):
        fuse_files([a, b], [1, 1], on='logits')
    with pytest.raises(ValueError, match='fusion input must be one of'):
        fuse_files([a, b], [1, 1], on='probs')


def test_dump_scores_writes_logits(tmp_path):
    out = str(tmp_path / 'd.npz')
    metric = DumpScores(out, logits=True)
    logits = torch.tensor([[2.0, -1.0, 0.5], [0.0, 0.0, 3.0]])
    samples = [dict(pred_score=torch.softmax(z, 0), pred_logits=z,
                    gt_label=torch.tensor([i]), sample_name=f'n{i}')
               for i, z in enumerate(logits)]
    metric.process(None, samples)
    metric.compute_metrics(metric.results)
    d = load_scores(out)
    np.testing.assert_allclose(d['logits'], logits.numpy())
    np.testing.assert_allclose(d['scores'], torch.softmax(logits, 1).numpy(),
                               rtol=1e-6)
    plain = DumpScores(str(tmp_path / 'p.npz'))
    plain.process(None, samples)
    plain.compute_metrics(plain.results)
    assert 'logits' not in load_scores(str(tmp_path / 'p.npz'))
    with pytest.raises(ValueError, match="no 'pred_logits'"):
        DumpScores(out, logits=True).process(
            None, [dict(pred_score=torch.ones(3), gt_label=torch.tensor([0]))])


def test_head_predictions_carry_raw_logits():
    import skelact.models  # noqa: F401
    from skelact.registry import MODELS
    torch.manual_seed(0)
    head = MODELS.build(dict(type='LinearHead', num_classes=4,
                             in_channels=5))
    feats = torch.randn(3, 5)
    samples = head.predict(feats)
    logits = head(feats)
    for s, z in zip(samples, logits):
        torch.testing.assert_close(s.pred_logits, z.detach())
        # log softmax differs from the logits by one constant per sample,
        # which is why both rank the classes the same within a stream
        diff = torch.log(s.pred_score) - s.pred_logits
        assert torch.allclose(diff, diff[0].expand_as(diff), atol=1e-5)
