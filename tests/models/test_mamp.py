"""MAMP: motion-aware masking, the motion target and its normalisation, the
loss on masked tokens only, the decoder's size, bad input, learning."""
import pytest
import torch

from skelact.models.layers.motion_masking import (masked_mse,
                                                  motion_aware_masking,
                                                  normalize_patches, num_kept,
                                                  patchify, temporal_motion,
                                                  token_motion)
from skelact.registry import MODELS


def _tiny(**kw):
    import skelact.models  # noqa: F401
    cfg = dict(type='MAMP',
               backbone=dict(type='SkeletonTransformer', in_channels=3,
                             dim_feat=16, depth=2, num_heads=2, mlp_ratio=2,
                             num_frames=16, num_joints=5, t_patch_size=4,
                             norm_eps=1e-5),
               decoder=dict(dim=8, depth=1, num_heads=2, mlp_ratio=2))
    cfg.update(kw)
    return MODELS.build(cfg)


def _authors_masking(x_orig, mask_ratio, tau):
    """The authors' motion_aware_random_masking (model_mamp/transformer.py),
    re-implemented: x_orig (NM, TP, VP, P)."""
    nm, tp, vp, _ = x_orig.shape
    length = tp * vp
    keep = int(length * (1 - mask_ratio))
    motion = torch.zeros_like(x_orig)
    motion[:, 1:] = (x_orig[:, 1:] - x_orig[:, :-1]).abs()
    motion[:, 0] = motion[:, 1]
    motion = motion.mean(dim=3).reshape(nm, length)
    motion = motion / (motion.max(dim=-1, keepdim=True).values * tau + 1e-10)
    prob = torch.softmax(motion, dim=-1)
    noise = torch.log(prob) - torch.log(
        -torch.log(torch.rand(nm, length) + 1e-10) + 1e-10)
    ids_shuffle = torch.argsort(noise, dim=1)
    ids_restore = torch.argsort(ids_shuffle, dim=1)
    mask = torch.ones(nm, length)
    mask[:, :keep] = 0
    return torch.gather(mask, 1, ids_restore), ids_shuffle[:, :keep]


def test_mask_count_and_the_authors_masking():
    # Python's int(750 * (1 - 0.9)) is 74: MAMP keeps 74 of 750 tokens
    assert num_kept(750, 0.9) == 74 and num_kept(200, 0.9) == 19
    x = torch.randn(3, 16, 5, 3)
    patches = patchify(x, 4)
    torch.manual_seed(7)
    ids_keep, mask, ids_restore = motion_aware_masking(patches, 5, 0.75, 0.8)
    assert mask.shape == (3, 20)
    assert (mask.sum(1) == 20 - num_kept(20, 0.75)).all()
    assert (torch.gather(mask, 1, ids_keep) == 0).all()
    assert all(len(set(r.tolist())) == ids_keep.shape[1] for r in ids_keep)
    torch.manual_seed(7)
    ref_mask, ref_keep = _authors_masking(patches.reshape(3, 4, 5, 12),
                                          0.75, 0.8)
    assert torch.equal(mask, ref_mask) and torch.equal(ids_keep, ref_keep)


def test_masking_is_deterministic_under_a_seed():
    patches = patchify(torch.randn(4, 16, 5, 3), 4)
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    a = motion_aware_masking(patches, 5, 0.9, 0.8, generator=g1)
    b = motion_aware_masking(patches, 5, 0.9, 0.8, generator=g2)
    assert all(torch.equal(u, v) for u, v in zip(a, b))
    c = motion_aware_masking(patches, 5, 0.9, 0.8,
                             generator=torch.Generator().manual_seed(4))
    assert not torch.equal(a[1], c[1])


def test_high_motion_tokens_are_masked_more_often():
    # joints 0-1 move, joints 2-4 stand still: over many draws the moving
    # joints' tokens are masked more often than the still ones'
    t = torch.arange(16.0).reshape(1, 16, 1, 1)
    x = torch.zeros(1, 16, 5, 3)
    x[:, :, :2] = torch.sin(t) * 2.0
    patches = patchify(x, 4).expand(2000, -1, -1)
    motion = token_motion(patches[:1], 5).reshape(4, 5)
    assert (motion[:, :2] > 0).all() and (motion[:, 2:] == 0).all()
    _, mask, _ = motion_aware_masking(
        patches, 5, 0.5, 0.8, generator=torch.Generator().manual_seed(0))
    rate = mask.reshape(2000, 4, 5).mean(dim=(0, 1))
    assert rate[:2].min() > rate[2:].max() + 0.1, rate


def test_motion_target_and_normalisation_by_hand():
    x = torch.arange(2 * 8 * 1 * 2, dtype=torch.float).reshape(1, 8, 2, 2)
    x = x ** 2
    m = temporal_motion(x)
    assert torch.equal(m[:, :-1], x[:, 1:] - x[:, :-1])
    assert (m[:, -1] == 0).all()
    p = patchify(m, 4)  # (1, 2 * 2, 8): token t' * V + v, frames then xyz
    assert p.shape == (1, 4, 8)
    assert torch.equal(p[0, 1], m[0, 0:4, 1].reshape(-1))  # t'=0, v=1
    assert torch.equal(p[0, 2], m[0, 4:8, 0].reshape(-1))  # t'=1, v=0
    v = torch.tensor([[[1.0, 2.0, 3.0, 6.0]]])
    mean, var = 3.0, ((4 + 1 + 0 + 9) / 3)  # unbiased
    want = (v - mean) / (var + 1e-6) ** 0.5
    assert torch.allclose(normalize_patches(v), want)


def test_loss_on_masked_tokens_only():
    pred = torch.tensor([[[1.0, 1.0], [0.0, 2.0], [3.0, 0.0]]])
    target = torch.zeros(1, 3, 2)
    mask = torch.tensor([[1.0, 0.0, 1.0]])
    # token 0: mean(1, 1) = 1; token 2: mean(9, 0) = 4.5 -> (1 + 4.5) / 2
    assert masked_mse(pred, target, mask).item() == pytest.approx(2.75)
    changed = target.clone()
    changed[0, 1] = 100.0  # an unmasked token
    assert masked_mse(pred, changed, mask).item() == pytest.approx(2.75)
    changed[0, 0] = 100.0  # a masked token
    assert masked_mse(pred, changed, mask).item() != pytest.approx(2.75)


def test_model_loss_is_masked_motion_mse():
    model = _tiny()
    x = torch.randn(2, 2, 16, 5, 3)
    seq = x.reshape(4, 16, 5, 3)
    torch.manual_seed(0)
    loss = model.loss(x)['loss_motion']
    torch.manual_seed(0)
    pred, mask = model.predict_tokens(seq)
    assert pred.shape == (4, 20, 12) and mask.shape == (4, 20)
    target = normalize_patches(patchify(temporal_motion(seq), 4))
    assert torch.allclose(loss, masked_mse(pred, target, mask))
    assert model.extract_feat(x).shape == (2, 16)
    # uniform masking (tau 0) keeps the same count
    model.motion_aware_tau = 0.0
    _, mask = model.predict_tokens(seq)
    assert (mask.sum(1) == 20 - num_kept(20, 0.9)).all()


def test_mamp_decoder_size():
    import skelact.models  # noqa: F401
    from skelact.models.algorithms.mamp import MAMPDecoder
    with torch.device('meta'):
        dec = MAMPDecoder(256, 256, depth=3, num_heads=8, mlp_ratio=4,
                          num_tokens_t=30, num_joints=25, out_channels=12)
    # the authors' decoder ("layer8+3"): 2,453,004 parameters
    assert sum(p.numel() for p in dec.parameters()) == 2453004


@pytest.mark.parametrize('ratio', [0.0, 1.0, -0.1, 1.5, 'half'])
def test_bad_mask_ratio(ratio):
    with pytest.raises(ValueError, match=r'mask_ratio must be in \(0, 1\)'):
        _tiny(mask_ratio=ratio)


def test_bad_input_length():
    model = _tiny()
    with pytest.raises(ValueError, match='num_frames=16'):
        model.loss(torch.randn(1, 1, 20, 5, 3))


def test_mamp_learns_on_a_fixed_batch():
    torch.manual_seed(0)
    model = _tiny()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    t = torch.linspace(0, 6.28, 16).reshape(1, 1, 16, 1, 1)
    x = torch.sin(t * torch.arange(1, 6.0).reshape(1, 1, 1, 5, 1)) \
        .expand(4, 1, 16, 5, 3).contiguous()
    losses = []
    for _ in range(12):
        loss = model.loss(x)['loss_motion']
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert sum(losses[-3:]) / 3 < 0.8 * sum(losses[:3]) / 3, losses
