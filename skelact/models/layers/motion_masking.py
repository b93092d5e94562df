"""Token masking and motion targets of masked motion prediction (MAMP).

Facts from the authors' code (maoyunyao/MAMP ``model_mamp/transformer.py``;
Mao et al., "Masked Motion Predictors are Strong 3D Action Representation
Learners", ICCV 2023, Sec. 3):

- tokens: a sequence (B, T, V, C) is cut into temporal patches of ``u``
  frames of one joint; token ``l = t' * V + v`` carries the ``u * C``
  values of frames ``t' u .. t' u + u - 1`` of joint ``v``, frame-major
  (:func:`patchify`, MAMP's ``patchify`` with spatial patch 1);
- motion-aware masking (:func:`motion_aware_masking`): a token's motion is
  the mean absolute difference between its patch and the patch of the same
  joint one token earlier (the first token copies the second's), divided
  by ``max * tau + 1e-10`` per sequence, softmax over the tokens, plus
  Gumbel noise ``-log(-log(u + 1e-10) + 1e-10)`` added to the log
  probability; the ``int(L * (1 - mask_ratio))`` tokens of lowest score
  are kept, so high-motion tokens are masked more often. Python's
  ``int(750 * (1 - 0.9))`` is 74: MAMP keeps 74 of 750 tokens, masks 676;
- target (:func:`temporal_motion`): ``x[t + 1] - x[t]`` per frame, the
  last ``stride`` frames 0, patchified, and with ``norm_skes_loss``
  normalised per patch (:func:`normalize_patches`: mean and unbiased
  variance over the patch's values, ``(x - mean) / sqrt(var + 1e-6)``);
- loss: MSE per token (mean over the patch), averaged over the masked
  tokens only (:func:`masked_mse`).
"""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F

__all__ = ['patchify', 'temporal_motion', 'normalize_patches',
           'token_motion', 'motion_aware_masking', 'random_masking',
           'num_kept', 'masked_mse', 'check_mask_ratio']


def check_mask_ratio(mask_ratio: float, where: str = 'MAMP') -> float:
    """``mask_ratio`` as a float strictly between 0 and 1, else a
    ValueError naming the config key."""
    try:
        ratio = float(mask_ratio)
    except (TypeError, ValueError):
        ratio = float('nan')
    if not 0.0 < ratio < 1.0:
        raise ValueError(f'{where}: mask_ratio must be in (0, 1) (MAMP: '
                         f'0.9), got {mask_ratio!r} (config key '
                         'model.mask_ratio)')
    return ratio


def num_kept(num_tokens: int, mask_ratio: float) -> int:
    """Tokens the encoder sees: ``int(L * (1 - mask_ratio))`` (MAMP)."""
    return int(num_tokens * (1 - mask_ratio))


def patchify(x: torch.Tensor, t_patch_size: int) -> torch.Tensor:
    """(B, T, V, C) -> (B, T / u * V, u * C), tokens frame-major."""
    b, t, v, c = x.shape
    if t % t_patch_size:
        raise ValueError(f'patchify: T={t} is not a multiple of '
                         f't_patch_size={t_patch_size}')
    tp = t // t_patch_size
    x = x.reshape(b, tp, t_patch_size, v, c).permute(0, 1, 3, 2, 4)
    return x.reshape(b, tp * v, t_patch_size * c)


def temporal_motion(x: torch.Tensor, stride: int = 1) -> torch.Tensor:
    """(B, T, V, C): ``x[t + stride] - x[t]``, the last ``stride`` frames
    zero (MAMP's ``extract_motion``)."""
    out = torch.zeros_like(x)
    out[:, :-stride] = x[:, stride:] - x[:, :-stride]
    return out


def normalize_patches(target: torch.Tensor, eps: float = 1e-6):
    """Per-token normalisation over the last axis (MAMP's
    ``norm_skes_loss``): unbiased variance, ``(x - mean) / (var + eps) **
    0.5``."""
    mean = target.mean(dim=-1, keepdim=True)
    var = target.var(dim=-1, keepdim=True)
    return (target - mean) / (var + eps) ** 0.5


def token_motion(patches: torch.Tensor, num_joints: int) -> torch.Tensor:
    """(B, L, P) patchified input -> (B, L) motion of every token: the mean
    absolute difference to the same joint's previous token; the first
    token of a joint copies the second's."""
    b, length, p = patches.shape
    x = patches.reshape(b, length // num_joints, num_joints, p)
    motion = torch.zeros_like(x)
    motion[:, 1:] = (x[:, 1:] - x[:, :-1]).abs()
    motion[:, 0] = motion[:, 1]
    return motion.mean(dim=-1).reshape(b, length)


def _keep_lowest(score: torch.Tensor, len_keep: int):
    ids_shuffle = torch.argsort(score, dim=1)  # ascending: small is kept
    ids_restore = torch.argsort(ids_shuffle, dim=1)
    ids_keep = ids_shuffle[:, :len_keep]
    mask = torch.ones_like(score)
    mask[:, :len_keep] = 0
    mask = torch.gather(mask, 1, ids_restore)  # 1 = masked, 0 = kept
    return ids_keep, mask, ids_restore


def _check_keep(length: int, mask_ratio: float) -> int:
    len_keep = num_kept(length, mask_ratio)
    if len_keep < 1:
        raise ValueError(f'MAMP: mask_ratio {mask_ratio} keeps no token of '
                         f'{length}; lower model.mask_ratio or use more '
                         'frames / joints')
    return len_keep


def motion_aware_masking(patches: torch.Tensor, num_joints: int,
                         mask_ratio: float, tau: float,
                         generator: Optional[torch.Generator] = None
                         ) -> Tuple[torch.Tensor, torch.Tensor,
                                    torch.Tensor]:
    """MAMP's motion-aware masking of the (B, L, P) patchified input.

    Returns ``ids_keep`` (B, K) (the kept tokens), ``mask`` (B, L) (1 =
    masked) and ``ids_restore`` (B, L) (undoes the shuffle). ``generator``
    draws the uniform noise (``None``: torch's global generator).
    """
    b, length, _ = patches.shape
    len_keep = _check_keep(length, mask_ratio)
    motion = token_motion(patches, num_joints)
    motion = motion / (motion.max(dim=-1, keepdim=True).values * tau
                       + 1e-10)
    prob = F.softmax(motion, dim=-1)
    u = torch.rand(b, length, device=patches.device, generator=generator)
    score = torch.log(prob) - torch.log(-torch.log(u + 1e-10) + 1e-10)
    return _keep_lowest(score, len_keep)


def random_masking(batch: int, length: int, mask_ratio: float,
                   device=None, generator: Optional[torch.Generator] = None):
    """MAE's uniform random masking (MAMP with ``tau <= 0``); returns as
    :func:`motion_aware_masking`."""
    len_keep = _check_keep(length, mask_ratio)
    noise = torch.rand(batch, length, device=device, generator=generator)
    return _keep_lowest(noise, len_keep)


def masked_mse(pred: torch.Tensor, target: torch.Tensor,
               mask: torch.Tensor) -> torch.Tensor:
    """``sum_l mask_l * mean_p (pred - target)^2 / sum_l mask_l``: the
    per-token squared error, averaged over the masked tokens only."""
    loss = ((pred.float() - target.float()) ** 2).mean(dim=-1)
    return (loss * mask).sum() / mask.sum()
