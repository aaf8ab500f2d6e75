"""Length limits on every text a person can write, checked once before any row is saved.

SQLite does not enforce ``max_length`` (a 100,000-character title is stored as it is) and PostgreSQL answers a
too-long value with a database error (a 500). ``check_lengths`` runs on ``pre_save`` of every model of the project
and refuses, in Vietnamese and before anything is written, a character field longer than its ``max_length`` and an
editable text field longer than ``MAX_TEXT``. The whole request body is bounded by Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (settings), and the API's schemas by ``dieuhanh.api.params``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import pre_save

from .errors import DomainError

# The longest text of one field a person writes in one go (a progress report, a directive, a paragraph): about
# ten printed pages; a longer document belongs in an attached file.
MAX_TEXT = 20_000


class TooLong(DomainError):
    """A text longer than its field allows."""

    def __init__(self, label: str, limit: int, length: int, field: str) -> None:
        super().__init__(
            f"«{label}» dài {length:,} ký tự, vượt giới hạn {limit:,} ký tự. Vui lòng rút gọn.".replace(
                ",", "."
            ),
            code="too_long",
            log_message=f"{field}: {length} characters over the limit of {limit}",
        )


def limit_of(field: models.Field[Any, Any]) -> int | None:
    """The maximum length of ``field``'s text, or None for fields that hold no text a person writes."""
    if isinstance(field, models.CharField) and field.max_length:
        return int(field.max_length)
    if isinstance(field, models.TextField) and field.editable:
        return int(field.max_length or MAX_TEXT)
    return None


def check_lengths(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    """Refuse a row whose text fields are longer than allowed (not for fixtures loaded raw)."""
    if raw or not sender.__module__.startswith("dieuhanh."):
        return
    for field in sender._meta.concrete_fields:
        limit = limit_of(field)
        if limit is None:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and len(value) > limit:
            raise TooLong(str(field.verbose_name), limit, len(value), f"{sender._meta.label}.{field.name}")


def connect() -> None:
    """Check every model of the project (called once from ``CoreConfig.ready``)."""
    pre_save.connect(check_lengths, dispatch_uid="dieuhanh.core.limits")
