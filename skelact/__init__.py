"""skelact: skeleton-based action recognition on mmengine."""
from .version import __version__

__all__ = ['__version__']
