"""The one exception the parser raises: what could not be read, in words a user can act on."""

from __future__ import annotations


class ParseError(Exception):
    """A document that cannot be read; ``message`` is Vietnamese, ``log_message`` English."""

    def __init__(self, message: str, *, code: str = "unreadable", log_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.log_message = log_message or message
