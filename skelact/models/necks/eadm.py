"""AimCLR's energy-based attention-guided drop module (EADM)."""
import torch
import torch.nn as nn

from skelact.models.layouts import check_feature_map
from skelact.registry import MODELS

__all__ = ['EADM', 'simam_attention']


def simam_attention(x: torch.Tensor, e_lambda: float = 1e-4) -> torch.Tensor:
    """SimAM attention (Yang et al. 2021) of a map (N, C, T, V): the sigmoid
    of the inverse minimal energy of each neuron,
    ``(x - mu)^2 / (4 (sigma^2 + lambda)) + 1/2``, with mean and variance
    over (T, V) per channel (variance with ``T*V - 1`` degrees)."""
    n = x.shape[2] * x.shape[3] - 1
    d = (x - x.mean(dim=(2, 3), keepdim=True)).pow(2)
    var = d.sum(dim=(2, 3), keepdim=True) / n
    return torch.sigmoid(d / (4 * (var + e_lambda)) + 0.5)


def _renormalise(x, mask):
    # keep the expected activation: scale by numel / kept (AimCLR Alg. 1)
    return x * mask * (mask.numel() / mask.sum().clamp(min=1))


@MODELS.register_module()
class EADM(nn.Module):
    """Drop the most attended joints and elements of a feature map (AimCLR
    Sec. 3.3, Algorithm 1).

    The SimAM attention ``A`` of the map gives a spatial score per joint
    (``A`` averaged over channels and frames) and an element-wise temporal
    score; every score ``>= keep_prob`` (0.7 in the authors' code) is
    dropped (mask 0) and the map is rescaled by ``numel / sum(mask)``. The
    spatial mask is applied first, the temporal one (computed from the same
    attention) second. Masks carry no gradient.

    Args:
        keep_prob: attention threshold.
        e_lambda: SimAM's lambda.

    Input and output: a skeleton feature map (N, M, C, T, V); anything
    else raises a ``ValueError``.
    """

    def __init__(self, keep_prob: float = 0.7, e_lambda: float = 1e-4):
        super().__init__()
        self.keep_prob = keep_prob
        self.e_lambda = e_lambda

    def masks(self, x: torch.Tensor):
        """Spatial mask (NM, 1, 1, V) and temporal mask (NM, C, T, V) of a
        map (NM, C, T, V)."""
        with torch.no_grad():
            att = simam_attention(x.float(), self.e_lambda)
            spatial = (att.mean(dim=(1, 2)) < self.keep_prob).to(x.dtype)
            temporal = (att < self.keep_prob).to(x.dtype)
        return spatial[:, None, None, :], temporal

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_feature_map(x, 'skeleton', type(self).__name__)
        n, m, c, t, v = x.shape
        x = x.reshape(n * m, c, t, v)
        spatial, temporal = self.masks(x)
        x = _renormalise(x, spatial)
        x = _renormalise(x, temporal)
        return x.view(n, m, c, t, v)
