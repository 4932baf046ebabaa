"""Exceptions that mean the user asked for something wrong, shown as one line by the CLI."""


class NewsingestError(Exception):
    """A user-facing error: bad configuration, unknown source, unreadable input."""
