"""ConMLP's encoder: an MLP over the whole flattened sequence, and the
decoder that mirrors it (the seed's reconstruction variant).

Facts from the authors' code (ChuanDai/ConMLP ``models.py``, class ``Mlp``;
Dai et al., Sensors 2023; seed 004 Sec. 3.1.1, Table 5.4):

- input: the CTR-GCN / SGN array of one sample, 300 frames x 150 values
  (2 persons x 25 joints x xyz, in that order within a frame), flattened to
  45,000 values -- both persons in one vector, no person pooling;
- ``fc1`` 45,000 -> 256, GELU (exact, ``F.gelu``), LayerNorm (eps 1e-6),
  Dropout 0.6, ``fc2`` 256 -> 256: the representation;
- Xavier-uniform weights, biases normal with std 1e-6;
- 11,586,560 parameters (with the 256 -> 128 projector 11,619,456; the
  seed's Table 5.4 says 11.4 M).
"""
import torch
import torch.nn as nn
from mmengine.model import BaseModule

from skelact.registry import MODELS

__all__ = ['ConMLP', 'MLPDecoder']

_PERSON_MODES = ('flatten', 'separate')
_ORDERS = ('tmvc', 'mtvc')


def _xavier_(*linears: nn.Linear):
    for fc in linears:
        nn.init.xavier_uniform_(fc.weight)
        nn.init.normal_(fc.bias, std=1e-6)


@MODELS.register_module()
class ConMLP(BaseModule):
    """ConMLP's encoder: ``Linear -> GELU -> LayerNorm -> Dropout ->
    Linear`` over the flattened sequence.

    Input: keypoints (N, M, T, V, C) of a fixed size. Output: the skeleton
    feature map (N, M', D, 1, 1) (:mod:`skelact.models.layouts`) -- a
    whole-sequence vector has no frame or joint axis, so T' = V' = 1:

    - ``person_mode='flatten'`` (the authors'): all M persons go into one
      input vector of ``num_persons * num_frames * num_joints *
      in_channels`` values; M' = 1;
    - ``person_mode='separate'``: each person is encoded on its own (input
      ``num_frames * num_joints * in_channels``); M' = M, and the pooling
      neck averages the persons as for the other skeleton backbones.

    ``GlobalAveragePooling`` then gives (N, D) unchanged, so the derived
    protocols (linear, KNN, finetune, semi) work as for every skeleton
    backbone; ``actionhead`` (per-joint) does not apply.

    Args:
        num_frames: T of the input (300 for the CTR-GCN arrays, 50 for the
            AimCLR arrays); the config key is ``model.backbone.num_frames``.
        num_persons: M of the input (2).
        num_joints: V (25).
        in_channels: C (3).
        hidden_dim: width of both layers and of the representation (256).
        dropout: dropout after the LayerNorm (0.6).
        norm_eps: the LayerNorm's eps (1e-6).
        gelu_approximate: ``'none'`` (the authors' ``F.gelu``, exact erf)
            or ``'tanh'`` (the approximation the seed's Eq. 3.1 means to
            write; its printed formula has a typo).
        person_mode: ``'flatten'`` or ``'separate'``, see above.
        flatten_order: ``'tmvc'`` (the authors': frame-major, then person,
            joint, channel, as in a row of the CTR-GCN array) or
            ``'mtvc'`` (skelact's sample order). Only the layout of
            ``fc1``'s columns differs.
        init_cfg: mmengine init config (the derived protocols load the
            pretrained encoder with it); the Xavier initialisation happens
            at construction.
    """

    def __init__(self, num_frames: int = 300, num_persons: int = 2,
                 num_joints: int = 25, in_channels: int = 3,
                 hidden_dim: int = 256, dropout: float = 0.6,
                 norm_eps: float = 1e-6, gelu_approximate: str = 'none',
                 person_mode: str = 'flatten',
                 flatten_order: str = 'tmvc', init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if person_mode not in _PERSON_MODES:
            raise ValueError(f'ConMLP: person_mode must be one of '
                             f'{_PERSON_MODES}, got {person_mode!r}')
        if flatten_order not in _ORDERS:
            raise ValueError(f'ConMLP: flatten_order must be one of '
                             f'{_ORDERS}, got {flatten_order!r}')
        self.num_frames = int(num_frames)
        self.num_persons = int(num_persons)
        self.num_joints = int(num_joints)
        self.in_channels = int(in_channels)
        self.person_mode = person_mode
        self.flatten_order = flatten_order
        per_person = self.num_frames * self.num_joints * self.in_channels
        # values of one whole sample, and of one encoder input
        self.sample_dim = per_person * self.num_persons
        self.input_dim = self.sample_dim if person_mode == 'flatten' \
            else per_person
        self.out_channels = int(hidden_dim)
        self.fc1 = nn.Linear(self.input_dim, hidden_dim)
        self.act = nn.GELU(approximate=gelu_approximate)
        self.norm = nn.LayerNorm(hidden_dim, eps=norm_eps)
        self.drop = nn.Dropout(dropout)
        self.fc2 = nn.Linear(hidden_dim, hidden_dim)
        _xavier_(self.fc1, self.fc2)

    def _check_input(self, x: torch.Tensor):
        expected = (self.num_persons, self.num_frames, self.num_joints,
                    self.in_channels)
        if x.dim() != 5:
            raise ValueError(
                f'ConMLP: expected keypoints (N, M, T, V, C), got a '
                f'{x.dim()}-D tensor of shape {tuple(x.shape)}')
        m, t, v, c = x.shape[1:]
        if self.person_mode == 'separate':
            expected, got = expected[1:], (t, v, c)
        else:
            got = (m, t, v, c)
        if tuple(got) != expected:
            n_got = 1
            for d in got:
                n_got *= d
            keys = 'model.backbone.num_frames' + (
                ', num_persons' if self.person_mode == 'flatten' else '')
            raise ValueError(
                f'ConMLP: the input has {n_got} values per '
                f'{"sample" if self.person_mode == "flatten" else "person"} '
                f'(M, T, V, C = {m}, {t}, {v}, {c}) but the encoder\'s input '
                f'dimension is {self.input_dim} (num_persons '
                f'{self.num_persons} x num_frames {self.num_frames} x '
                f'num_joints {self.num_joints} x in_channels '
                f'{self.in_channels}'
                f'{"" if self.person_mode == "flatten" else ", per person"}'
                f'); set {keys} to the pipeline\'s output, or make the '
                f'pipeline give {self.num_frames} frames (preprocess)')

    def flatten(self, x: torch.Tensor) -> torch.Tensor:
        """(N, M, T, V, C) -> (N, input_dim) ('flatten') or
        (N * M, input_dim) ('separate')."""
        n, m = x.shape[:2]
        if self.person_mode == 'separate':
            return x.reshape(n * m, -1)
        if self.flatten_order == 'tmvc':
            x = x.permute(0, 2, 1, 3, 4)
        return x.reshape(n, -1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self._check_input(x)
        n, m = x.shape[:2]
        h = self.fc2(self.drop(self.norm(self.act(self.fc1(self.flatten(x))))))
        persons = m if self.person_mode == 'separate' else 1
        return h.reshape(n, persons, self.out_channels, 1, 1)


@MODELS.register_module()
class MLPDecoder(nn.Module):
    """The reconstruction decoder of ConMLP + reconstruction (seed 004
    Sec. 3.5): ConMLP's block with the widths swapped, ``Linear (D -> D) ->
    GELU -> LayerNorm -> Dropout -> Linear (D -> out_dim)``, Xavier
    initialised. 11,631,304 parameters for D = 256, out_dim = 45,000; the
    whole model then has 23,250,760 (the seed's Table 5.4: 23.01 M).

    Input: the representation (N, D). Output: (N, out_dim), the flattened
    reconstruction (:class:`InBatchContrastive` reshapes it to the input's
    shape).

    Args:
        in_channels: D (256).
        hidden_dim: width of the first layer (256).
        out_dim: the encoder's input dimension; ``None`` lets the algorithm
            fill it from the backbone's ``input_dim``.
        dropout: dropout before the output layer (0.0; the encoder's 0.6
            would drop most of the code the reconstruction reads).
        norm_eps: the LayerNorm's eps (1e-6).
    """

    def __init__(self, in_channels: int = 256, hidden_dim: int = 256,
                 out_dim: int = 45000, dropout: float = 0.0,
                 norm_eps: float = 1e-6):
        super().__init__()
        self.in_channels = int(in_channels)
        self.out_dim = int(out_dim)
        self.fc1 = nn.Linear(in_channels, hidden_dim)
        self.act = nn.GELU()
        self.norm = nn.LayerNorm(hidden_dim, eps=norm_eps)
        self.drop = nn.Dropout(dropout)
        self.fc2 = nn.Linear(hidden_dim, self.out_dim)
        _xavier_(self.fc1, self.fc2)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        if feats.dim() != 2 or feats.shape[1] != self.in_channels:
            raise ValueError(
                f'MLPDecoder: expected the representation (N, '
                f'{self.in_channels}), got shape {tuple(feats.shape)}')
        return self.fc2(self.drop(self.norm(self.act(self.fc1(feats)))))
