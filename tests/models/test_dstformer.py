import pytest
import torch

from skelact.models.backbones.dstformer import DSTformer
from skelact.models.layers.attention import Attention, explicit_attention
from skelact.registry import MODELS


def num_params(m):
    return sum(p.numel() for p in m.parameters())


def tiny(**kw):
    cfg = dict(dim_in=3, dim_out=3, dim_feat=32, dim_rep=24, depth=2,
               num_heads=4, mlp_ratio=2, num_joints=17, maxlen=27)
    cfg.update(kw)
    return DSTformer(**cfg)


def test_motionbert_parameter_count():
    m = DSTformer(dim_in=3, dim_out=3, dim_feat=512, dim_rep=512, depth=5,
                  num_heads=8, mlp_ratio=2, num_joints=17, maxlen=243)
    assert num_params(m) == 42_466_317
    assert num_params(m.head) == 512 * 3 + 3  # the unused lifting head


def test_motionbert_lite_parameter_count():
    with torch.device('meta'):
        m = DSTformer(dim_feat=256, mlp_ratio=4, dim_rep=512, depth=5)
    # per block: 4 LN (4*512) + 2 attn (2*(256*768+768 + 256*256+256))
    #            + 2 MLP (2*(256*1024+1024 + 1024*256+256))
    block = 4 * 512 + 2 * (197376 + 65792) + 2 * (263168 + 262400)
    rest = (3 * 256 + 256) + 17 * 256 + 243 * 256 + 512 + \
        (256 * 512 + 512) + (512 * 3 + 3) + 5 * (512 * 2 + 2)
    assert num_params(m) == 10 * block + rest == 16_001_549


def test_output_shapes():
    # the skeleton feature map (N, M, D, T, V)
    m = tiny().eval()
    x = torch.randn(2, 3, 27, 17, 3)
    assert m(x).shape == (2, 3, 24, 27, 17)
    assert m(x[:, :, :9]).shape == (2, 3, 24, 9, 17)  # T < maxlen
    assert m(x[0]).shape == (3, 24, 27, 17)  # (B, T, V, C) -> (B, D, T, V)
    # the lifting head returns a pose in the keypoint layout
    assert m(x, return_rep=False).shape == (2, 3, 27, 17, 3)
    assert m.out_channels == 24
    assert tiny(dim_rep=0, dim_out=0)(x).shape == (2, 3, 32, 27, 17)


def test_persons_are_independent_sequences():
    m = tiny().eval()
    x = torch.randn(1, 2, 9, 17, 3)
    out = m(x)
    torch.testing.assert_close(out[:, 1], m(x[:, 1:2])[:, 0])


def test_bad_inputs_raise():
    m = tiny()
    with pytest.raises(ValueError, match='V=17'):
        m(torch.randn(1, 1, 9, 25, 3))
    with pytest.raises(ValueError, match='maxlen'):
        m(torch.randn(1, 1, 28, 17, 3))
    with pytest.raises(ValueError):
        m(torch.randn(9, 17, 3))


def test_sdpa_equals_explicit_attention():
    torch.manual_seed(0)
    m = tiny().eval()
    x = torch.randn(2, 2, 27, 17, 3, requires_grad=True)
    out_sdpa = m(x)
    g_sdpa = torch.autograd.grad(out_sdpa.square().sum(), x)[0]
    m.set_attn_impl('explicit')
    assert all(a.attn_impl == 'explicit' for a in m.modules()
               if isinstance(a, Attention))
    out_exp = m(x)
    g_exp = torch.autograd.grad(out_exp.square().sum(), x)[0]
    torch.testing.assert_close(out_sdpa, out_exp, atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(g_sdpa, g_exp, atol=1e-4, rtol=1e-3)


@pytest.mark.parametrize('mode', ['spatial', 'temporal'])
def test_attention_axis_matches_textbook_formula(mode):
    torch.manual_seed(0)
    b, t, v, c, h = 2, 5, 7, 16, 4
    attn = Attention(c, h, mode=mode).eval()
    x = torch.randn(b, t, v, c)
    d = c // h
    q, k, val = attn.qkv(x).reshape(b, t, v, 3, h, d).unbind(3)
    if mode == 'temporal':  # sequences: joints; tokens: frames
        q, k, val = (z.permute(0, 2, 3, 1, 4) for z in (q, k, val))
    else:  # sequences: frames; tokens: joints
        q, k, val = (z.permute(0, 1, 3, 2, 4) for z in (q, k, val))
    w = torch.softmax(q @ k.transpose(-1, -2) / d ** 0.5, dim=-1)
    ref = w @ val  # (b, seq, h, L, d)
    if mode == 'temporal':
        ref = ref.permute(0, 3, 1, 2, 4)
    else:
        ref = ref.permute(0, 1, 3, 2, 4)
    ref = attn.proj(ref.reshape(b, t, v, c))
    torch.testing.assert_close(attn(x), ref, atol=1e-5, rtol=1e-4)
    q2 = torch.randn(3, 4, 6, 8)
    torch.testing.assert_close(
        explicit_attention(q2, q2, q2, 8 ** -0.5),
        torch.nn.functional.scaled_dot_product_attention(q2, q2, q2),
        atol=1e-5, rtol=1e-4)


def test_fusion_starts_at_half_half():
    m = tiny()
    for fc in m.ts_attn:
        assert fc.weight.shape == (2, 2 * 32)
        assert torch.all(fc.weight == 0) and torch.all(fc.bias == 0.5)
    a, b = torch.randn(2, 4, 17, 32), torch.randn(2, 4, 17, 32)
    torch.testing.assert_close(m.fuse(0, a, b), (a + b) / 2)
    m.init_weights()  # no init_cfg: keeps the reference init
    assert torch.all(m.ts_attn[0].bias == 0.5)
    no_fuse = tiny(att_fuse=False)
    assert not hasattr(no_fuse, 'ts_attn')
    torch.testing.assert_close(no_fuse.fuse(0, a, b), (a + b) / 2)


def test_reference_init_and_names():
    torch.manual_seed(0)
    m = DSTformer(dim_feat=64, dim_rep=64, depth=1, num_heads=4, maxlen=243)
    assert m.norm.eps == 1e-6 and m.blocks_st[0].norm1_s.eps == 1e-6
    assert abs(m.temp_embed.std().item() - 0.02) < 0.004
    assert abs(m.pos_embed.std().item() - 0.02) < 0.006
    fc1 = m.blocks_ts[0].mlp_t.fc1
    assert abs(fc1.weight.std().item() - 0.02) < 0.003
    assert torch.all(fc1.bias == 0)
    assert m.blocks_st[0].attn_s.qkv.bias is not None
    assert m.blocks_st[0].attn_s.mode == 'spatial'
    assert m.blocks_st[0].attn_t.mode == 'temporal'
    keys = set(m.state_dict())
    for k in ['joints_embed.weight', 'pos_embed', 'temp_embed',
              'blocks_st.0.norm1_s.weight', 'blocks_st.0.attn_s.qkv.weight',
              'blocks_st.0.attn_t.proj.bias', 'blocks_ts.0.mlp_s.fc2.weight',
              'blocks_ts.0.norm2_t.bias', 'norm.weight',
              'pre_logits.fc.weight', 'head.weight', 'ts_attn.0.weight']:
        assert k in keys, k
    assert m.pos_embed.shape == (1, 17, 64)
    assert m.temp_embed.shape == (1, 243, 1, 64)


def test_block_order_st_vs_ts():
    m = tiny()
    assert m.blocks_st[0].order == 'st' and m.blocks_ts[0].order == 'ts'


def test_registry_build_and_backward_with_drop_path():
    m = MODELS.build(dict(type='DSTformer', dim_feat=16, dim_rep=8, depth=2,
                          num_heads=2, mlp_ratio=2, maxlen=16,
                          drop_rate=0.1, attn_drop_rate=0.1,
                          drop_path_rate=0.2))
    assert isinstance(m, DSTformer)
    m.train()
    out = m(torch.randn(2, 2, 16, 17, 3))
    out.mean().backward()
    assert m.joints_embed.weight.grad is not None
    assert m.ts_attn[0].weight.grad.abs().sum() > 0
    assert m.head.weight.grad is None  # the lifting head is unused


def test_output_is_the_token_map_moved_to_n_m_d_t_v():
    # with no layers, token (t, v) is pre_logits(norm(embed(x[t, v]) +
    # pos[v] + temp[t])): its features sit at out[..., :, t, v]
    m = tiny(depth=0).eval()
    x = torch.randn(2, 2, 9, 17, 3)
    tokens = m.pre_logits(m.norm(m.joints_embed(x) + m.pos_embed[:, None] +
                                 m.temp_embed[:, :9]))  # (N, M, T, V, D)
    out = m(x)
    assert out.shape == (2, 2, 24, 9, 17)
    torch.testing.assert_close(out, tokens.permute(0, 1, 4, 2, 3))


def test_action_head_reads_the_map_as_motionbert_pools_its_tokens():
    from skelact.models.heads.action_head import ActionHeadClassification
    m = tiny().eval()
    x = torch.randn(2, 2, 9, 17, 3)
    out = m(x)
    tokens = out.permute(0, 1, 3, 4, 2)  # MotionBERT's (N, M, T, V, D)
    head = ActionHeadClassification(3, dim_rep=24, hidden_dim=8).eval()
    # MotionBERT: mean over T, flatten V x D, mean over M
    pooled = tokens.mean(2).reshape(2, 2, -1).mean(1)
    torch.testing.assert_close(
        head(out), head.fc2(torch.relu(head.bn(head.fc1(pooled)))))
