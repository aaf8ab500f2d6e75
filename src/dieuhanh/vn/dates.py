"""Dates and periods as Vietnamese offices write them: "ngày 09 tháng 8 năm 2021", "quý III/2021", ...

Formatting follows Decree 30/2020 (Phụ lục I, II.4): the day takes a leading zero below 10 and the month only
for January and February ("ngày 05 tháng 01 năm 2022", "ngày 20 tháng 10 năm 2021"), so that a "1" cannot be
turned into "11" or "12" by hand. The short forms ("09/8/2021", "tháng 01/2022") keep the same rule.

Parsing works on a folded view of the text (no diacritics, lower case, one character per character of the
input) so that "Tháng 8/2021", "thang 8/2021" and "tháng 08 / 2021" read alike and the positions found point
back into the original text. Every pattern is precompiled and anchored on a keyword or a digit, with no
nested repetition, so scanning is linear in the length of the text.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from .text import nfc, normalize_dashes, strip_diacritics

PERIOD_KINDS = frozenset({"day", "month", "quarter", "half", "year", "months"})
ROMAN_QUARTERS = ("I", "II", "III", "IV")
_ROMAN_TO_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Period:
    """A span of whole days named the way a report names it (a month, a quarter, "6 tháng đầu năm", ...)."""

    start: date
    end: date
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"Loại kỳ không hợp lệ: {self.kind!r}")
        if self.start > self.end:
            raise ValueError("Ngày bắt đầu phải trước ngày kết thúc")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @classmethod
    def of_day(cls, day: date) -> Period:
        """The period made of one day."""
        return cls(day, day, "day")

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        """A calendar month."""
        return cls(date(year, month, 1), _month_end(year, month), "month")

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        """A quarter (1–4) of a calendar year."""
        if not 1 <= quarter <= 4:
            raise ValueError(f"Quý không hợp lệ: {quarter}")
        return cls(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), "quarter")

    @classmethod
    def of_half(cls, year: int, half: int) -> Period:
        """The first (1) or second (2) half of a year: "6 tháng đầu năm" / "6 tháng cuối năm"."""
        if half not in (1, 2):
            raise ValueError(f"Nửa năm không hợp lệ: {half}")
        first = 1 if half == 1 else 7
        return cls(date(year, first, 1), _month_end(year, first + 5), "half")

    @classmethod
    def of_year(cls, year: int) -> Period:
        """A calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def first_months(cls, year: int, count: int) -> Period:
        """The first ``count`` months of a year ("9 tháng đầu năm"); six months make a half."""
        if count == 6:
            return cls.of_half(year, 1)
        if not 1 <= count <= 12:
            raise ValueError(f"Số tháng không hợp lệ: {count}")
        return cls(date(year, 1, 1), _month_end(year, count), "months")

    @classmethod
    def last_months(cls, year: int, count: int) -> Period:
        """The last ``count`` months of a year ("3 tháng cuối năm"); six months make a half."""
        if count == 6:
            return cls.of_half(year, 2)
        if not 1 <= count <= 12:
            raise ValueError(f"Số tháng không hợp lệ: {count}")
        return cls(date(year, 13 - count, 1), date(year, 12, 31), "months")


class DateMatch(NamedTuple):
    """A date or period found in running text, with its position in that text."""

    start: int
    end: int
    value: date | Period


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_str(month: int) -> str:
    """A month number as Decree 30 writes it: zero-padded for January and February only."""
    return f"{month:02d}" if month <= 2 else str(month)


# --- formatting ---------------------------------------------------------------------------------------


def format_date(d: date) -> str:
    """Decree 30 date: 'ngày 09 tháng 8 năm 2021', 'ngày 05 tháng 01 năm 2022'."""
    return f"ngày {d.day:02d} tháng {_month_str(d.month)} năm {d.year}"


def format_date_line(place: str, d: date) -> str:
    """The place-and-date line of a document: 'Sông Lô, ngày 09 tháng 8 năm 2021'."""
    return f"{nfc(place).strip()}, {format_date(d)}"


def format_short(d: date) -> str:
    """Short date as offices write it in running text: '09/8/2021', '05/01/2022'."""
    return f"{d.day:02d}/{_month_str(d.month)}/{d.year}"


def format_month(year: int, month: int) -> str:
    """A month in words: 'tháng 8 năm 2021'."""
    return f"tháng {_month_str(month)} năm {year}"


def format_month_short(year: int, month: int) -> str:
    """A month in short form: 'tháng 8/2021'."""
    return f"tháng {_month_str(month)}/{year}"


def format_period(period: Period) -> str:
    """A period as a report title names it: 'quý III năm 2021', '6 tháng đầu năm 2021', 'năm 2021'."""
    start, end, year = period.start, period.end, period.start.year
    if period == Period.of_day(start):
        return format_date(start)
    if start.year == end.year:
        if period == Period.of_month(year, start.month):
            return format_month(year, start.month)
        if period.kind == "quarter" and period == Period.of_quarter(year, (start.month + 2) // 3):
            return f"quý {ROMAN_QUARTERS[(start.month - 1) // 3]} năm {year}"
        if period == Period.of_year(year):
            return f"năm {year}"
        if period.kind in ("half", "months") and start.day == 1 and end == _month_end(year, end.month):
            if start.month == 1 and period == Period.first_months(year, end.month):
                return f"{end.month} tháng đầu năm {year}"
            if end.month == 12 and period == Period.last_months(year, 13 - start.month):
                return f"{13 - start.month} tháng cuối năm {year}"
    return f"từ {format_date(start)} đến {format_date(end)}"


# --- the folded view ----------------------------------------------------------------------------------


class _ViewTable(dict[int, str]):
    """str.translate table: each character becomes one folded character (or stays as it is)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = strip_diacritics(normalize_dashes(char)).lower()
        value = folded if len(folded) == 1 else char
        if len(self) < 65536:  # bounded, whatever text comes in
            self[code] = value
        return value


_VIEW = _ViewTable({code: chr(code).lower() for code in range(128)})
_VIEW.update({ord(c): " " for c in "\u200b\u2060\ufeff"})
_HAS_MARKS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _view(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` keeping positions; the index map is None when view and text align one to one."""
    if not _HAS_MARKS_RE.search(text):
        return text.translate(_VIEW), None
    # Decomposed input (NFD): drop the combining marks and remember where each kept character was.
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if unicodedata.category(char) == "Mn":
            continue
        chars.append(_VIEW[ord(char)])
        index.append(i)
    index.append(len(text))
    return "".join(chars), index


# --- patterns (on the folded view) --------------------------------------------------------------------

_D = r"(?<![0-9])(?<![0-9][.,])[0-9]{1,2}"  # a day or month number, not the tail of another number
_END = r"(?![0-9]|\.[0-9]|\s*[/\-]\s*[0-9])"  # nothing that would make the number part of something longer
_COMMA = r"\s*+(?:,\s*+)?"  # optional comma between parts; possessive, so spaces are never re-split
_YEAR_TAIL = r"(?:\s*+[/.\-]\s*+(?P<{0}>[0-9]{{4}})|" + _COMMA + r"\bnam\s++(?P<{0}b>[0-9]{{4}}))?"

_ALTERNATIVES = {
    # "ngày 09 tháng 8 năm 2021", "ngày 30 tháng 9" (year optional only after "ngày")
    "long": rf"\bngay\s+(?P<ld>{_D}){_COMMA}thang\s+(?P<lm>[0-9]{{1,2}})"
    rf"(?:{_COMMA}\bnam\s+(?P<ly>[0-9]{{4}}))?{_END}",
    "long_bare": rf"(?P<bd>{_D})\s+thang\s+(?P<bm>[0-9]{{1,2}}){_COMMA}\bnam\s+(?P<by>[0-9]{{4}}){_END}",
    # "09/8/2021", "ngày 09-8-2021", "9.8.2021"; one separator throughout
    "dmy": rf"(?:\bngay\s+)?(?P<nd>{_D})\s*(?P<sep>[/.\-])\s*(?P<nm>[0-9]{{1,2}})\s*(?P=sep)\s*"
    rf"(?P<ny>[0-9]{{4}}){_END}",
    "iso": r"(?:\bngay\s+)?(?<![0-9])(?P<iy>[0-9]{4})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2})(?![0-9])",
    # "ngày 30/9": a day and a month without a year, only after "ngày"
    "dm": rf"\bngay\s+(?P<sd>{_D})\s*[/.\-]\s*(?P<sm>[0-9]{{1,2}}){_END}",
    "month": rf"\bthang\s+(?P<mm>[0-9]{{1,2}}){_YEAR_TAIL.format('my')}{_END}",
    "quarter": rf"\bquy\s+(?P<qq>iv|i{{1,3}}|[1-4])\b{_YEAR_TAIL.format('qy')}{_END}",
    "months": rf"(?P<xn>{_D})\s+thang\s+(?P<xp>dau|cuoi)\s+nam\b(?:\s+(?P<xy>[0-9]{{4}}))?{_END}",
    "halfword": rf"\bnua\s+(?P<hp>dau|cuoi)\s+nam\b(?:\s+(?P<hy>[0-9]{{4}}))?{_END}",
    "year": rf"\bnam\s+(?P<yy>[0-9]{{4}}){_END}",
}
_DATE_RE = re.compile("|".join(f"(?P<{name}>{body})" for name, body in _ALTERNATIVES.items()))


def _year(match: re.Match[str], names: tuple[str, ...], default_year: int | None) -> int | None:
    """The year of the first named group that matched, else ``default_year``."""
    for name in names:
        value = match.group(name)
        if value is not None:
            return int(value)
    return default_year


def _rstrip(text: str) -> str:
    """Drop trailing spaces and punctuation (a loop, not a regex: a regex would go quadratic here)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return text[:end]


def _make_date(year: int | None, month: int, day: int) -> date | None:
    """A valid date or None (no year, 31/2, month 13, ...)."""
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _value(match: re.Match[str], default_year: int | None) -> date | Period | None:
    """Turn a match of ``_DATE_RE`` into a date or a period; None when it is not a valid one."""
    kind = match.lastgroup
    try:
        if kind == "long":
            year = _year(match, ("ly",), default_year)
            return _make_date(year, int(match["lm"]), int(match["ld"]))
        if kind == "long_bare":
            return _make_date(int(match["by"]), int(match["bm"]), int(match["bd"]))
        if kind == "dmy":
            return _make_date(int(match["ny"]), int(match["nm"]), int(match["nd"]))
        if kind == "iso":
            return _make_date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if kind == "dm":
            return _make_date(default_year, int(match["sm"]), int(match["sd"]))
        year = _year(match, ("my", "myb", "qy", "qyb", "xy", "hy", "yy"), default_year)
        if year is None or not 1 <= year <= 9999:
            return None
        if kind == "month":
            month = int(match["mm"])
            return Period.of_month(year, month) if 1 <= month <= 12 else None
        if kind == "quarter":
            text = match["qq"]
            return Period.of_quarter(year, int(text) if text.isdigit() else _ROMAN_TO_QUARTER[text])
        if kind == "months":
            count = int(match["xn"])
            if not 1 <= count <= 12:
                return None
            return (
                Period.first_months(year, count) if match["xp"] == "dau" else Period.last_months(year, count)
            )
        if kind == "halfword":
            return Period.of_half(year, 1 if match["hp"] == "dau" else 2)
        if kind == "year":
            return Period.of_year(year)
    except ValueError:
        return None
    return None


def _full_value(text: str, default_year: int | None) -> date | Period | None:
    """The date or period that makes up the whole of ``text`` (trailing punctuation allowed)."""
    view, _ = _view(text)
    view = _rstrip(view).lstrip()
    match = _DATE_RE.fullmatch(view)
    return _value(match, default_year) if match else None


# --- parsing ------------------------------------------------------------------------------------------


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """Read one date ('19/6/2015', 'ngày 9 tháng 8 năm 2021', '2021-08-09'); None if it is not one."""
    value = _full_value(text, default_year) if text else None
    return value if isinstance(value, date) else None


def parse_period(text: str, default_year: int | None = None) -> Period | None:
    """Read a period ('tháng 8/2021', 'quý III năm 2021', '6 tháng đầu năm 2021', a date); None otherwise."""
    value = _full_value(text, default_year) if text else None
    if isinstance(value, date):
        return Period.of_day(value)
    return value


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date and period in running text, in order, as (start, end, date or Period) into ``text``.

    Mentions without a year ("quý III", "ngày 30/9", "tháng 8") are read in ``default_year`` and left out
    when it is None. A bare "năm 2021" counts only when written with its diacritics, so that "Việt Nam 2021"
    is not read as a year.
    """
    if not text:
        return []
    view, index = _view(text)
    found: list[DateMatch] = []
    for match in _DATE_RE.finditer(view):
        value = _value(match, default_year)
        if value is None:
            continue
        start, end = match.span()
        if index is not None:
            start, end = index[start], index[end]
        if match.lastgroup == "year" and "ă" not in nfc(text[start:end]).lower():
            continue
        found.append(DateMatch(start, end, value))
    return found
