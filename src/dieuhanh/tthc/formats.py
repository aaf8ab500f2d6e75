"""How the TTHC figures are written: counts with Vietnamese grouping, rates as percentages with a decimal
comma, changes with their sign. Used by the pages, the DOCX report and the open data alike."""

from __future__ import annotations

from typing import Any

from dieuhanh.vn.numbers import format_decimal, format_number


def num(value: Any) -> str:
    """A count: 1833 -> '1.833'; '' for None."""
    return "" if value is None else format_number(int(value))


def pct(rate: float | None, places: int = 2) -> str:
    """A rate (0..1) as a percentage: 0.94915 -> '94,92%'; '-' when there is no rate."""
    return "-" if rate is None else f"{format_decimal(rate * 100, places)}%"


def signed(value: int | None) -> str:
    """A change in a count with its sign: '+12', '-3', '0'."""
    if value is None:
        return ""
    return f"+{format_number(value)}" if value > 0 else ("-" + format_number(-value) if value < 0 else "0")


def points(change: float | None) -> str:
    """A change of a rate in percentage points: 0.0213 -> '+2,13 điểm phần trăm'; '' without a previous rate."""
    if change is None:
        return ""
    sign = "+" if change > 0 else ("-" if change < 0 else "")
    return f"{sign}{format_decimal(abs(change) * 100, 2)} điểm phần trăm"


def score(value: float | None) -> str:
    """A progress score: 18.97 -> '18,97'; '' without a score."""
    return "" if value is None else format_decimal(value, 2)


def points_short(change: float | None) -> str:
    """A change of a rate in percentage points for a table cell: 0.0213 -> '+2,13'; '' without one."""
    if change is None:
        return ""
    sign = "+" if change > 0 else ("-" if change < 0 else "")
    return f"{sign}{format_decimal(abs(change) * 100, 2)}"
