import pytest
import torch

from skelact.models.backbones.skeleton_transformer import SkeletonTransformer
from skelact.models.necks.pooling import GlobalAveragePooling
from skelact.registry import MODELS


def tiny(**kw):
    cfg = dict(in_channels=3, dim_feat=32, depth=2, num_heads=4,
               num_frames=40, num_joints=25)
    cfg.update(kw)
    return SkeletonTransformer(**cfg)


def test_default_is_mamp_encoder_size():
    m = MODELS.build(dict(type='SkeletonTransformer'))
    assert len(m.blocks) == 8 and m.dim_feat == 256
    assert m.blocks[0].attn.num_heads == 8
    assert m.blocks[0].mlp.fc1.out_features == 1024
    assert m.joints_embed.proj.kernel_size == (4, 1)
    assert m.temp_embed.shape == (1, 30, 1, 256)
    assert m.pos_embed.shape == (1, 1, 25, 256)
    assert sum(p.numel() for p in m.parameters()) == 6_336_000


def test_shapes_and_pooling():
    m = tiny().eval()
    x = torch.randn(2, 2, 40, 25, 3)
    out = m(x)
    assert out.shape == (2, 2, 32, 10, 25)  # (N, M, D, T' = T / 4, V)
    assert m(x[:, :, :16]).shape == (2, 2, 32, 4, 25)
    pooled = GlobalAveragePooling()(out)
    assert pooled.shape == (2, 32)
    torch.testing.assert_close(pooled, out.mean((3, 4)).mean(1))


def test_patch_embedding_sees_four_frames_per_token():
    m = tiny(depth=0).eval()
    x = torch.zeros(1, 1, 40, 25, 3)
    base = m(x)
    x[0, 0, 5, 3] = 1.0  # frame 5 -> token 1, joint 3
    diff = (m(x) - base).abs().sum(2)[0, 0]  # (T', V)
    assert diff[1, 3] > 0
    diff[1, 3] = 0
    assert torch.all(diff == 0)


def test_sdpa_equals_explicit():
    torch.manual_seed(0)
    m = tiny().eval()
    x = torch.randn(2, 2, 40, 25, 3)
    a = m(x)
    m.set_attn_impl('explicit')
    torch.testing.assert_close(m(x), a, atol=1e-5, rtol=1e-4)


def test_full_attention_mixes_frames_and_joints():
    m = tiny(depth=1).eval()
    x = torch.randn(1, 1, 40, 25, 3)
    base = m(x)
    x2 = x.clone()
    x2[0, 0, 0, 0] += 1.0  # token (0, 0)
    changed = (m(x2) - base).abs().sum(2)[0, 0] > 0
    assert changed.all()  # every token attends to every other


def test_bad_inputs_raise():
    m = tiny()
    with pytest.raises(ValueError, match='multiple'):
        m(torch.randn(1, 1, 10, 25, 3))
    with pytest.raises(ValueError, match='num_frames'):
        m(torch.randn(1, 1, 44, 25, 3))
    with pytest.raises(ValueError, match='V=25'):
        m(torch.randn(1, 1, 8, 17, 3))
    with pytest.raises(ValueError):
        SkeletonTransformer(num_frames=42)


def test_backward():
    m = tiny(drop_path_rate=0.1).train()
    m(torch.randn(2, 1, 8, 25, 3)).square().mean().backward()
    assert all(p.grad is not None for p in m.parameters())


def test_output_is_the_token_map_moved_to_n_m_d_t_v():
    # with no blocks, token (t', v) is norm(embed + pos[v] + temp[t']): its
    # features sit at out[..., :, t', v]
    m = tiny(depth=0).eval()
    x = torch.randn(2, 2, 40, 25, 3)
    tokens = m.norm(m.joints_embed(x.reshape(4, 40, 25, 3)) + m.pos_embed +
                    m.temp_embed[:, :10]).reshape(2, 2, 10, 25, 32)
    out = m(x)
    assert out.shape == (2, 2, 32, 10, 25)
    torch.testing.assert_close(out, tokens.permute(0, 1, 4, 2, 3))
    torch.testing.assert_close(GlobalAveragePooling()(out),
                               out.mean((3, 4)).mean(1))
