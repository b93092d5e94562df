"""User-facing errors of the command-line tools."""
import sys
from contextlib import contextmanager

from skelact.apis.protocols import ProtocolError
from skelact.utils.errors import CheckpointMismatch, DataError

__all__ = ['user_errors']


@contextmanager
def user_errors():
    """Turn bad input (missing files, bad data, unknown config keys) into
    one clear line on stderr and exit status 2, instead of a traceback.
    Set SKELACT_TRACEBACK=1 to see the traceback."""
    import os
    try:
        yield
    except (FileNotFoundError, DataError, ProtocolError,
            CheckpointMismatch) as e:
        if os.environ.get('SKELACT_TRACEBACK'):
            raise
        msg = e.args[0] if len(e.args) == 1 else str(e)
        print(f'skelact: error: {msg}', file=sys.stderr)
        raise SystemExit(2) from None
