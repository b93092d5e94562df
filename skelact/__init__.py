"""skelact: skeleton-based action recognition on mmengine."""
from .utils.safe_load import register_safe_globals
from .version import __version__

# mmengine checkpoints must load under torch >= 2.6's weights_only default
register_safe_globals()

__all__ = ['__version__']
