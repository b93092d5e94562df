"""Error types shared across skelact."""

__all__ = ['DataError', 'CheckpointMismatch']


class DataError(ValueError):
    """Bad input data: the message names the file, the field and the
    expectation."""


class CheckpointMismatch(ValueError):
    """A checkpoint does not fit the run it is given to (another stream,
    backbone or kind of model); the message names both."""
