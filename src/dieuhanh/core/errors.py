"""Domain errors: what went wrong, in words a user can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal of the domain: the message is Vietnamese and shown to the user as it is.

    ``log_message`` is the English wording for the logs; ``code`` a stable identifier for the API and tests.
    """

    def __init__(self, message: str, *, code: str = "invalid", log_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.log_message = log_message or message


class PermissionDenied(DomainError):
    """The signed-in person may not do this."""

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", **kwargs: object) -> None:
        super().__init__(message, code="forbidden", **kwargs)  # type: ignore[arg-type]


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to this person)."""

    def __init__(self, message: str = "Không tìm thấy dữ liệu.", **kwargs: object) -> None:
        super().__init__(message, code="not_found", **kwargs)  # type: ignore[arg-type]
