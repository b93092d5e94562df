"""skelact.apis end to end: init_model (config, checkpoint, zoo name,
protocols), inference_skeleton on arrays and files, extract_features, and
the bad inputs (wrong joint count, unknown file, a model without head)."""
import os.path as osp
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from inference_helpers import CLASSES, tiny_model_files  # noqa: E402

from conftest import make_separable_records  # noqa: E402
from skelact.apis import (extract_features, inference_skeleton,  # noqa
                          init_model, load_keypoints)
from skelact.utils.errors import DataError  # noqa: E402


@pytest.fixture(scope='module')
def tiny(tiny_dataset, tmp_path_factory):
    out = str(tmp_path_factory.mktemp('inference'))
    cfg, ckpt = tiny_model_files(tiny_dataset, out)
    return cfg, ckpt, init_model(cfg, ckpt)


def test_init_model_loads_the_checkpoint(tiny):
    cfg, ckpt, model = tiny
    state = torch.load(ckpt, weights_only=True)['state_dict']
    for k, v in model.state_dict().items():
        assert torch.equal(v, state[k]), k
    assert not model.training
    assert model.dataset_meta['classes'] == CLASSES


def test_inference_matches_the_model_on_the_array(tiny):
    _, _, model = tiny
    kp = make_separable_records()[5]['keypoint']
    res = inference_skeleton(model, kp, topk=2)
    assert len(res.labels) == 2 and res.names[0] == CLASSES[res.labels[0]]
    assert res.scores[0] >= res.scores[1]
    # the same as the model's own forward on the packed input
    with torch.no_grad():
        logits = model(torch.from_numpy(kp)[None])
    probs = torch.softmax(logits, 1)[0].numpy()
    np.testing.assert_allclose(res.all_scores, probs, rtol=1e-5, atol=1e-6)
    assert abs(sum(res.all_scores) - 1) < 1e-5


def test_inference_from_files(tiny, tiny_dataset, tmp_path):
    _, _, model = tiny
    rec = load_keypoints(tiny_dataset, index=3)
    from_folder = inference_skeleton(model, tiny_dataset, index=3)
    np.save(tmp_path / 'clip.npy', rec['keypoint'])
    from_npy = inference_skeleton(model, str(tmp_path / 'clip.npy'))
    np.testing.assert_allclose(from_folder.all_scores, from_npy.all_scores,
                               rtol=1e-6)
    aimclr = rec['keypoint'].transpose(3, 1, 2, 0)[None]  # (N, C, T, V, M)
    np.save(tmp_path / 'x_position.npy', aimclr)
    r = inference_skeleton(model, str(tmp_path / 'x_position.npy'))
    np.testing.assert_allclose(r.all_scores, from_npy.all_scores,
                               rtol=1e-5)


def test_extract_features(tiny):
    _, _, model = tiny
    feats, labels = extract_features(model, 'test', batch_size=8)
    assert feats.shape == (24, 16) and labels.shape == (24,)
    assert sorted(set(labels.tolist())) == [0, 1, 2]
    one = extract_features(model, make_separable_records()[1]['keypoint'])
    assert one.shape == (16,)


def test_bad_inputs(tiny, tmp_path):
    _, _, model = tiny
    kp = make_separable_records()[0]['keypoint']
    with pytest.raises(DataError, match='the keypoint array: 17 joints, '
                       'the model expects 25'):
        inference_skeleton(model, kp[:, :, :17])
    with pytest.raises(DataError, match=r'expected \(M, T, V, C\)'):
        inference_skeleton(model, kp[..., 0])
    (tmp_path / 'clip.txt').write_text('1 2 3')
    with pytest.raises(DataError, match="unknown keypoint file type '.txt'"):
        inference_skeleton(model, str(tmp_path / 'clip.txt'))
    with pytest.raises(FileNotFoundError, match='does not exist'):
        inference_skeleton(model, str(tmp_path / 'missing.npy'))


def test_pretraining_config_gives_its_encoder(tmp_path):
    from mmengine.config import Config
    path = 'configs/aimclr/stgcn_synthetic_xsub.py'
    model = init_model(path)
    assert model.protocol == 'knn' and model.head is None
    with pytest.raises(DataError, match='no classifier'):
        inference_skeleton(model, np.zeros((2, 32, 25, 3), np.float32))
    lin = init_model(path, protocol='linear')
    assert lin.head is not None and lin.frozen_backbone
    assert isinstance(lin.cfg, Config)


def test_init_model_converts_an_authors_checkpoint(tiny_dataset, tmp_path):
    """An AimCLR linear-evaluation file (the authors' key layout, rebuilt
    in tests/utils/test_convert_aimclr.py) is detected, converted in
    memory and predicts what the authors' model predicts."""
    sys.path.insert(0, osp.join(osp.dirname(osp.dirname(
        osp.abspath(__file__))), 'utils'))
    import test_convert_aimclr as ref
    from mmengine.config import Config

    from conftest import tiny_config
    src, enc = ref.linear_ckpt()
    ckpt = str(tmp_path / 'authors_linear.pt')
    torch.save(src, ckpt)
    cfg = Config(tiny_config(tiny_dataset, str(tmp_path / 'work')))
    cfg.model = dict(type='Recognizer', frozen_backbone=True,
                     backbone=ref.backbone_cfg(),
                     neck=dict(type='GlobalAveragePooling'),
                     head=dict(type='LinearHead', num_classes=ref.NUM_CLASS,
                               in_channels=ref.DIM))
    path = str(tmp_path / 'aimclr_linear.py')
    cfg.dump(path)
    model = init_model(path, ckpt)
    x_ref, x = ref.authors_input()
    res = inference_skeleton(model, x[0].numpy(), topk=3)
    with torch.no_grad():
        expected = torch.softmax(enc(x_ref[:1]), 1)[0].numpy()
    np.testing.assert_allclose(res.all_scores, expected, rtol=1e-4,
                               atol=1e-6)
    assert res.labels[0] == int(expected.argmax())


def test_extract_features_train_of_a_pretraining_config():
    """A pretraining config's encoder is its knn protocol's model, whose
    train split is the knn bank: 'train' reads that split, not the test
    split (the earlier fallback)."""
    cfg = 'configs/aimclr/stgcn_synthetic_xsub.py'
    model = init_model(cfg)
    bank = model.cfg.test_cfg.train_dataloader.dataset
    assert bank.split.endswith('train')
    train, _ = extract_features(model, 'train', batch_size=4, limit=4)
    direct, _ = extract_features(model, bank, batch_size=4, limit=4)
    test, _ = extract_features(model, 'test', batch_size=4, limit=4)
    np.testing.assert_array_equal(train, direct)
    assert not np.allclose(train, test)
