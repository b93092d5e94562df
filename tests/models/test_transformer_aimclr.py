"""A tiny DSTformer and a tiny SkeletonTransformer pretrain with AimCLR
(both return the skeleton map (N, M, C, T, V) that EADM and the pooling
neck read)."""
import pytest
import torch

from skelact.registry import MODELS
from skelact.structures import ActionDataSample

BACKBONES = {
    'DSTformer': dict(type='DSTformer', dim_in=3, dim_out=0, dim_feat=16,
                      dim_rep=16, depth=1, num_heads=2, mlp_ratio=2,
                      num_joints=25, maxlen=8),
    'SkeletonTransformer': dict(type='SkeletonTransformer', in_channels=3,
                                dim_feat=16, depth=1, num_heads=2,
                                num_frames=8, num_joints=25),
}


@pytest.mark.parametrize('name', sorted(BACKBONES))
def test_aimclr_pretrains_with_transformer(name):
    import skelact.models  # noqa: F401
    if 'AimCLR' not in MODELS.module_dict:
        pytest.skip('AimCLR is not available')
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='AimCLR', backbone=BACKBONES[name],
        neck=dict(type='GlobalAveragePooling'),
        projector=dict(type='MLPProjector', in_channels=16,
                       hidden_channels=16, out_channels=8),
        queue_size=32, feature_dim=8, temperature=0.07, momentum=0.9))
    model.init_weights()
    model.hooks_verified = True  # a loop of its own (no Runner, no hooks)
    opt = torch.optim.SGD([p for p in model.parameters()
                           if p.requires_grad], lr=0.1, momentum=0.9)
    base = torch.randn(4, 1, 8, 25, 3)
    losses = []
    for _ in range(5):
        views = [base + 0.05 * torch.randn_like(base) for _ in range(3)]
        data = model.data_preprocessor(dict(
            inputs={'views': [list(v) for v in views]},
            data_samples=[ActionDataSample() for _ in range(4)]), True)
        loss_dict = model(**data, mode='loss')
        loss = sum(v for k, v in loss_dict.items() if k.startswith('loss'))
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.momentum_update()
        losses.append(loss.item())
    assert losses[-1] < losses[0], losses
    assert model.extract_feat(base).shape == (4, 16)
