"""Data structures that travel with the samples: the data sample and the
explicit marking of several views."""
from .action_data_sample import ActionDataSample
from .views import (VIEWS_KEY, Views, is_packed_views, pack_views,
                    unpack_views)

__all__ = ['ActionDataSample', 'VIEWS_KEY', 'Views', 'pack_views',
           'is_packed_views', 'unpack_views']
