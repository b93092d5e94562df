"""How several views of one sample are marked, from the pipeline to the
model (DESIGN.md, section 3: views are marked, never guessed from rank).

1. In a sample record, :class:`~skelact.datasets.transforms.MultiView`
   stores the views of a key (``keypoint``, ``keypoint_score``) as a
   :class:`Views` list.
2. A packing transform (``PackSkeletonInputs``) turns them into
   ``inputs = {'views': [view_0, view_1, ...]}`` (:func:`pack_views`).
   mmengine's collate functions keep the dict: ``pseudo_collate`` gives
   ``{'views': [[sample tensors of view 0], [... of view 1], ...]}``,
   ``default_collate`` ``{'views': [batch of view 0, ...]}``.
3. The data preprocessor recognises the dict (:func:`is_packed_views`) and
   hands the model a plain list with one batch tensor per view; a single
   view reaches the model as one tensor.

Anything else -- a tensor or a list of per-sample tensors of any rank,
e.g. heatmap volumes (K, T, H, W) -- is one view.
"""
from collections.abc import Mapping

__all__ = ['VIEWS_KEY', 'Views', 'pack_views', 'is_packed_views',
           'unpack_views']

VIEWS_KEY = 'views'


class Views(list):
    """The views of one record field, in pipeline order (a ``list``)."""

    def __repr__(self):
        return f'Views({list.__repr__(self)})'


def pack_views(views) -> dict:
    """``inputs`` of a sample with several views: ``{'views': [...]}``."""
    return {VIEWS_KEY: list(views)}


def is_packed_views(inputs) -> bool:
    """Whether ``inputs`` (one sample's or a collated batch's) holds views
    packed by :func:`pack_views`."""
    return isinstance(inputs, Mapping) and VIEWS_KEY in inputs


def unpack_views(inputs) -> list:
    """The list of views of packed ``inputs``."""
    if not is_packed_views(inputs):
        raise ValueError(f'expected views packed as {{{VIEWS_KEY!r}: [...]}}, '
                         f'got {type(inputs).__name__}')
    extra = set(inputs) - {VIEWS_KEY}
    if extra:
        raise ValueError(f'packed views hold unexpected keys {sorted(extra)}')
    views = inputs[VIEWS_KEY]
    if not isinstance(views, (list, tuple)) or not len(views):
        raise ValueError(f'packed views: {VIEWS_KEY!r} must be a non-empty '
                         f'list, got {type(views).__name__}')
    return list(views)
