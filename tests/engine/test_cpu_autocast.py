import torch
import torch.nn as nn

from skelact.engine.optim_wrapper import CPUAutocastOptimWrapper


def test_forward_runs_in_bf16_and_steps_fp32_weights():
    model = nn.Linear(8, 4)
    wrapper = CPUAutocastOptimWrapper(
        optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    x = torch.randn(2, 8)
    with wrapper.optim_context(model):
        y = model(x)
    assert y.dtype == torch.bfloat16
    before = model.weight.detach().clone()
    wrapper.update_params(y.float().pow(2).mean())
    assert model.weight.dtype == torch.float32
    assert not torch.equal(model.weight, before)
    # outside the context: fp32 again
    assert model(x).dtype == torch.float32
