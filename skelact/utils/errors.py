"""Error types shared across skelact."""

__all__ = ['DataError']


class DataError(ValueError):
    """Bad input data: the message names the file, the field and the
    expectation."""
