"""Error types shared across skelact."""

__all__ = ['DataError', 'CheckpointMismatch', 'ConfigError',
           'CheckpointFileError']


class DataError(ValueError):
    """Bad input data: the message names the file, the field and the
    expectation."""


class CheckpointMismatch(ValueError):
    """A checkpoint does not fit the run it is given to (another stream,
    backbone or kind of model); the message names both."""


class ConfigError(ValueError):
    """A config file or a ``--cfg-options`` override is wrong (a syntax
    error, a misspelt or stale key, a value of the wrong type); the message
    names the file, the key and what was expected."""


class CheckpointFileError(ValueError):
    """A checkpoint file cannot be read at all (empty, truncated, a text
    file, not a torch checkpoint); the message names the file and says
    which (:mod:`skelact.utils.checkpoint_file`)."""
