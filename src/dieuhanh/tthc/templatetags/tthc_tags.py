"""Template filters of the TTHC pages: counts, rates and changes written the Vietnamese way."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.tthc import formats

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """1833 -> '1.833'."""
    return formats.num(value)


@register.filter
def pct(value: Any, places: int = 2) -> str:
    """0.9492 -> '94,92%'; '-' without a rate."""
    return formats.pct(value, int(places))


@register.filter
def signed(value: Any) -> str:
    """A change with its sign."""
    return formats.signed(value)


@register.filter
def points(value: Any) -> str:
    """A change of a rate in percentage points."""
    return formats.points(value)


@register.filter
def points_short(value: Any) -> str:
    """A change of a rate in percentage points, for a table cell."""
    return formats.points_short(value)


@register.filter
def score(value: Any) -> str:
    """A progress score with a decimal comma."""
    return formats.score(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template."""
    return mapping.get(key) if hasattr(mapping, "get") else None
