"""Batch assembly for skeleton inputs."""
import torch
from mmengine.model import BaseDataPreprocessor

from skelact.registry import MODELS
from skelact.skeletons import get_layout
from skelact.streams import STREAMS, to_stream

__all__ = ['SkeletonDataPreprocessor', 'build_data_preprocessor']


@MODELS.register_module()
class SkeletonDataPreprocessor(BaseDataPreprocessor):
    """Stack per-sample tensors into a batch, move it to the device and
    compute the configured input stream.

    Single view: ``inputs`` becomes (N, M, T, V, C). Several views (a
    ``MultiView`` pipeline): a list with one (N, M, T, V, C) tensor per view.
    The stream (joint, bone or motion) is computed here, after augmentation,
    as the AimCLR/CrosSCLR code does.

    Args:
        stream: ``'joint'``, ``'bone'`` or ``'motion'``.
        layout: skeleton layout, for the bone stream.
    """

    def __init__(self, stream: str = 'joint', layout: str = 'nturgb+d',
                 non_blocking: bool = False):
        super().__init__(non_blocking=non_blocking)
        if stream not in STREAMS:
            raise ValueError(f'SkeletonDataPreprocessor: unknown stream '
                             f'{stream!r}; expected one of {STREAMS}')
        get_layout(layout)  # fail now on an unknown layout
        self.stream = stream
        self.layout = layout

    def _stack(self, items):
        if isinstance(items, torch.Tensor):
            batch = items
        else:
            shapes = {tuple(x.shape) for x in items}
            if len(shapes) > 1:
                raise ValueError(
                    'SkeletonDataPreprocessor: samples of one batch have '
                    f'different shapes {sorted(shapes)}; give the pipeline a '
                    'fixed-length step (ResizeFrames / UniformSample)')
            batch = torch.stack(list(items))
        return to_stream(batch.float(), self.stream, self.layout)

    @staticmethod
    def _is_multiview(inputs) -> bool:
        """Per-view lists: mmengine's ``pseudo_collate`` turns samples' view
        lists into one list (or a batched tensor) per view; a single view
        is a list of per-sample (M, T, V, C) tensors or one batch tensor."""
        if isinstance(inputs, torch.Tensor) or not len(inputs):
            return False
        first = inputs[0]
        return isinstance(first, (list, tuple)) or (
            isinstance(first, torch.Tensor) and first.dim() == 5)

    def forward(self, data: dict, training: bool = False) -> dict:
        data = self.cast_data(data)
        inputs = data['inputs']
        if self._is_multiview(inputs):
            inputs = [self._stack(view) for view in inputs]
        else:
            inputs = self._stack(inputs)
        return dict(inputs=inputs, data_samples=data.get('data_samples'))


def build_data_preprocessor(cfg) -> BaseDataPreprocessor:
    """Build a data preprocessor from skelact's registry (mmengine's
    ``BaseModel`` would look only in its root registry). ``None`` gives the
    default :class:`SkeletonDataPreprocessor`."""
    if cfg is None:
        cfg = dict(type='SkeletonDataPreprocessor')
    return cfg if isinstance(cfg, BaseDataPreprocessor) else MODELS.build(cfg)
