"""Request parameters checked once: ids, years and integers from paths, query strings and forms.

A database id is a signed 64-bit integer: anything that is not a whole number between 1 and 2⁶³−1 is refused here
with a 400 that says which field was wrong, before it can reach the database (SQLite raises ``OverflowError`` on
larger numbers, PostgreSQL a ``DataError``). Path segments are bounded by the converters at the end of this module,
so a path id that does not fit is a plain 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import BadRequest
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import register_converter

MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1900, 2999

M = TypeVar("M", bound=Model)


class BadParameter(BadRequest):
    """A parameter a person (or a script) sent that cannot be read: the message is Vietnamese and shown as it is."""

    def __init__(self, message: str, *, field: str = "", log_message: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.log_message = log_message or f"bad parameter {field!r}"


def parse_int(value: Any, *, field: str, minimum: int = 0, maximum: int = MAX_ID, label: str = "") -> int:
    """``value`` as a whole number within [minimum, maximum], or ``BadParameter`` naming the field."""
    name = label or field
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > 20 or not text.lstrip("-").isdigit():
        raise BadParameter(
            f"Giá trị của «{name}» phải là một số nguyên.",
            field=field,
            log_message=f"{field}: not an integer",
        )
    number = int(text)
    if not minimum <= number <= maximum:
        raise BadParameter(
            f"Giá trị của «{name}» phải nằm trong khoảng {minimum}–{maximum}.",
            field=field,
            log_message=f"{field}: {number} out of range",
        )
    return number


MAX_SEARCH = 200


def search_text(data: Mapping[str, Any], field: str = "q", maximum: int = MAX_SEARCH) -> str:
    """The words of a search box, stripped; ``BadParameter`` when longer than anyone types (a database's pattern
    matcher gives up on a 100,000-character LIKE)."""
    text = str(data.get(field) or "").strip()
    if len(text) > maximum:
        raise BadParameter(
            f"Từ khóa tìm kiếm dài quá {maximum} ký tự.",
            field=field,
            log_message=f"{field}: {len(text)} characters",
        )
    return text


def parse_id(value: Any, *, field: str, label: str = "") -> int:
    """A database id (1 to 2⁶³−1) from a form or query string."""
    return parse_int(value, field=field, minimum=1, maximum=MAX_ID, label=label or f"mã {field}")


def optional_id(data: Mapping[str, Any], field: str) -> int | None:
    """The id in ``data[field]``, None when the field is absent or empty; a value that is no id is a 400."""
    value = data.get(field)
    if value is None or str(value).strip() == "":
        return None
    return parse_id(value, field=field)


def object_from(model: type[M] | QuerySet[M], data: Mapping[str, Any], field: str, **filters: Any) -> M:
    """The object whose id is in ``data[field]`` (and matches ``filters``): 400 for no id, 404 for no object."""
    pk = optional_id(data, field)
    if pk is None:
        raise BadParameter(f"Thiếu «{field}».", field=field, log_message=f"{field}: missing")
    return get_object_or_404(model, pk=pk, **filters)


class IdConverter:
    """``<id:pk>``: 1 to 18 digits, so every value fits a 64-bit id (2⁶³−1 has 19); longer ones are a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number < 1:
            raise ValueError("ids start at 1")  # the resolver turns this into a 404
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


class YearConverter:
    """``<year:year>``: a four-digit year between 1900 and 2999; anything else is a 404."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not MIN_YEAR <= number <= MAX_YEAR:
            raise ValueError("year out of range")
        return number

    def to_url(self, value: int) -> str:
        number = int(value)
        if not MIN_YEAR <= number <= MAX_YEAR:
            raise ValueError("year out of range")
        return f"{number:04d}"


register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
