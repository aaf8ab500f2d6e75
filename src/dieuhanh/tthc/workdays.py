"""Working days of Vietnamese public bodies: weekends, public holidays and the lunar calendar.

The days off per year live in ``data/holidays.csv`` (2015-2030); a year outside the file falls back to
``rule_days_off``. The lunar calendar is Hồ Ngọc Đức's published algorithm for the Vietnamese calendar
(UTC+7).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "holidays.csv"
VN_UTC_OFFSET_HOURS = 7

HOLIDAY = "holiday"  # a public holiday (ngày nghỉ lễ, Tết)
COMPENSATORY = "compensatory"  # nghỉ bù: a holiday fell on a weekend
SWAPPED = "swapped"  # nghỉ do hoán đổi ngày làm việc
MAKEUP = "makeup"  # làm bù: a Saturday worked in exchange for a swapped day
KINDS = (HOLIDAY, COMPENSATORY, SWAPPED, MAKEUP)


@dataclass(frozen=True, slots=True)
class DayEntry:
    """One line of the holiday calendar."""

    day: date
    kind: str
    name: str
    basis: str  # "decided" (as announced for the year) or "rule" (computed, to be checked)


# --- Lunar calendar (Hồ Ngọc Đức) -------------------------------------------------------------------------


def _jd(d: date) -> int:
    return d.toordinal() + 1721425


def _from_jd(jd: int) -> date:
    return date.fromordinal(jd - 1721425)


def _new_moon_day(k: int, tz: float) -> int:
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr) - 0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return math.floor(jd1 + c1 - delta_t + 0.5 + tz / 24)


def _sun_longitude_sector(jdn: int, tz: float) -> int:
    t = (jdn - 2451545.5 - tz / 24) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    lon -= math.pi * 2 * math.floor(lon / (math.pi * 2))
    return math.floor(lon / math.pi * 6)


def _lunar_month_11(year: int, tz: float) -> int:
    off = _jd(date(year, 12, 31)) - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k, tz)
    if _sun_longitude_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11: int, tz: float) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            return i - 1


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> date:
    """Return the solar date of a Vietnamese lunar date (ValueError for a leap month that does not exist)."""
    tz = VN_UTC_OFFSET_HOURS
    if month < 11:
        a11, b11 = _lunar_month_11(year - 1, tz), _lunar_month_11(year, tz)
    else:
        a11, b11 = _lunar_month_11(year, tz), _lunar_month_11(year + 1, tz)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        leap_month = (leap_off - 2) % 12
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month")
    return _from_jd(_new_moon_day(k + off, tz) + day - 1)


def tet_day(year: int) -> date:
    """Return mùng 1 Tết (the first day of the lunar year that starts in solar ``year``)."""
    return lunar_to_solar(1, 1, year)


# --- Rule for years without a known decision --------------------------------------------------------------


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def _tet_days_off(year: int) -> list[date]:
    # Five Mon-Fri days from the first one on or after the 2nd day before Tết: this reproduces every
    # published decision 2016-2026 (from the 28th/29th/30th of Chạp to the 3rd/4th/5th of Giêng).
    day = tet_day(year) - timedelta(days=2)
    days: list[date] = []
    while len(days) < 5:
        if not _is_weekend(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _national_day_adjacent(year: int) -> date:
    # From 2021 (Bộ luật Lao động 2019) 2/9 comes with the day before or after it.
    before, national, after = date(year, 9, 1), date(year, 9, 2), date(year, 9, 3)
    return after if _is_weekend(before) or national.weekday() == 3 else before


def rule_days_off(year: int) -> list[DayEntry]:
    """Return the days off of ``year`` computed by the rule stated in ``holidays.csv`` (basis "rule")."""
    fixed: list[tuple[date, str]] = [
        (date(year, 1, 1), "Tết Dương lịch"),
        (lunar_to_solar(10, 3, year), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        (date(year, 4, 30), "Ngày Chiến thắng (30/4)"),
        (date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)"),
        (date(year, 9, 2), "Quốc khánh (2/9)"),
    ]
    if year >= 2021:
        fixed.append((_national_day_adjacent(year), "Quốc khánh (ngày liền kề 2/9)"))
    entries = [DayEntry(d, HOLIDAY, "Tết Nguyên đán", "rule") for d in _tet_days_off(year)]
    entries += [DayEntry(d, HOLIDAY, name, "rule") for d, name in fixed]
    taken = {e.day for e in entries}
    for d, name in sorted(fixed):
        if _is_weekend(d):
            # Nghỉ bù: the next Mon-Fri day that is not already a day off.
            bu = d + timedelta(days=1)
            while _is_weekend(bu) or bu in taken:
                bu += timedelta(days=1)
            taken.add(bu)
            entries.append(DayEntry(bu, COMPENSATORY, f"Nghỉ bù {name}", "rule"))
    return sorted(entries, key=lambda e: (e.day, e.kind))


# --- The calendar -----------------------------------------------------------------------------------------


def read_holidays_csv(path: Path = HOLIDAYS_CSV) -> list[DayEntry]:
    """Read a holiday file (lines starting with '#' are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    entries: list[DayEntry] = []
    for row in csv.DictReader(lines):
        if row["kind"] not in KINDS:
            raise ValueError(f"{path}: unknown kind {row['kind']!r} on {row['date']}")
        entries.append(DayEntry(date.fromisoformat(row["date"]), row["kind"], row["name"], row["basis"]))
    return entries


@dataclass(frozen=True)
class WorkCalendar:
    """Days off and make-up working days, with the years the data covers."""

    days_off: frozenset[date]
    makeup_days: frozenset[date]
    years: frozenset[int]

    @classmethod
    def from_entries(cls, entries: Iterable[DayEntry], years: Iterable[int]) -> WorkCalendar:
        """Build a calendar from holiday entries covering ``years``."""
        items = list(entries)
        return cls(
            days_off=frozenset(e.day for e in items if e.kind != MAKEUP),
            makeup_days=frozenset(e.day for e in items if e.kind == MAKEUP),
            years=frozenset(years),
        )

    def is_working_day(self, day: date) -> bool:
        """True when public bodies work on ``day`` (Mon-Fri not off, or a make-up Saturday)."""
        if day.year not in self.years:
            return _rule_calendar(day.year).is_working_day(day)
        if day in self.makeup_days:
            return True
        return not _is_weekend(day) and day not in self.days_off


@cache
def _rule_calendar(year: int) -> WorkCalendar:
    return WorkCalendar.from_entries(rule_days_off(year), [year])


@cache
def default_calendar() -> WorkCalendar:
    """Return the calendar of ``data/holidays.csv``; years outside it follow ``rule_days_off``."""
    entries = read_holidays_csv()
    years = {e.day.year for e in entries if e.kind == HOLIDAY}
    return WorkCalendar.from_entries(entries, years)


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    """True when public bodies work on ``day``."""
    return (calendar or default_calendar()).is_working_day(day)


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """Return the day ``n`` working days after ``start`` (before it when n < 0), not counting ``start``."""
    cal = calendar or default_calendar()
    step = timedelta(days=1 if n >= 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        if cal.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """Count the working days after ``start`` up to and including ``end`` (negative when end < start)."""
    cal = calendar or default_calendar()
    if end < start:
        return -working_days_between(end, start, cal)
    return sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def working_day_numbers(
    first: date, last: date, calendar: WorkCalendar | None = None
) -> list[tuple[date, int]]:
    """Number the days first..last by working days: (day, count of working days from ``first`` up to day)."""
    cal = calendar or default_calendar()
    rows: list[tuple[date, int]] = []
    count = 0
    for i in range((last - first).days + 1):
        day = first + timedelta(days=i)
        count += cal.is_working_day(day)
        rows.append((day, count))
    return rows
