"""Lunar calendar, the holiday file and working-day arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dieuhanh.tthc.workdays import (
    COMPENSATORY,
    HOLIDAY,
    MAKEUP,
    add_working_days,
    default_calendar,
    is_working_day,
    lunar_to_solar,
    read_holidays_csv,
    rule_days_off,
    tet_day,
    working_day_numbers,
    working_days_between,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        (2015, "2015-02-19"),
        (2016, "2016-02-08"),
        (2017, "2017-01-28"),
        (2018, "2018-02-16"),
        (2019, "2019-02-05"),
        (2020, "2020-01-25"),
        (2021, "2021-02-12"),
        (2022, "2022-02-01"),
        (2023, "2023-01-22"),
        (2024, "2024-02-10"),
        (2025, "2025-01-29"),
        (2026, "2026-02-17"),
    ],
)
def test_tet_dates(year: int, tet: str) -> None:
    assert tet_day(year) == d(tet)


@pytest.mark.parametrize(
    ("year", "gio_to"),
    [
        (2019, "2019-04-14"),
        (2022, "2022-04-10"),
        (2023, "2023-04-29"),
        (2024, "2024-04-18"),
        (2025, "2025-04-07"),
    ],
)
def test_hung_kings_day(year: int, gio_to: str) -> None:
    assert lunar_to_solar(10, 3, year) == d(gio_to)


def test_leap_months() -> None:
    # 2023 had a leap 2nd month (tháng 2 nhuận) starting on 22/3/2023; 2025 a leap 6th month.
    assert lunar_to_solar(1, 2, 2023, leap=True) == d("2023-03-22")
    assert lunar_to_solar(1, 6, 2025, leap=True) == d("2025-07-25")
    with pytest.raises(ValueError, match="no leap month"):
        lunar_to_solar(1, 3, 2023, leap=True)


def test_holiday_file_agrees_with_the_lunar_calendar_and_the_rule() -> None:
    entries = read_holidays_csv()
    years = {e.day.year for e in entries if e.kind == HOLIDAY}
    assert years == set(range(2015, 2031))
    for year in years:
        holidays = {e.day for e in entries if e.kind == HOLIDAY}
        assert lunar_to_solar(10, 3, year) in holidays
        tet = tet_day(year)
        tet_days = sorted(e.day for e in entries if e.name == "Tết Nguyên đán" and e.day.year == year)
        assert len(tet_days) == 5 and tet_days[0] <= tet + timedelta(days=3) and tet_days[-1] >= tet
        assert all(day.weekday() < 5 for day in tet_days)
        rule = [e for e in entries if e.day.year == year and e.basis == "rule"]
        assert all(e in rule_days_off(year) for e in rule)
    assert all(e.day.weekday() == 5 for e in entries if e.kind == MAKEUP)


def test_rule_compensates_weekend_holidays() -> None:
    days = {e.day: e.kind for e in rule_days_off(2023)}
    # Giỗ Tổ on Saturday 29/4, 30/4 on Sunday, 1/5 on Monday: off until Wednesday 3/5 (as decided for 2023).
    assert days[d("2023-05-02")] == days[d("2023-05-03")] == COMPENSATORY
    assert days[d("2023-09-01")] == HOLIDAY and days[d("2023-09-04")] == COMPENSATORY


def test_working_days_over_tet() -> None:
    assert add_working_days(d("2024-02-07"), 1) == d("2024-02-15")
    assert add_working_days(d("2025-01-24"), 1) == d("2025-02-03")
    assert add_working_days(d("2024-02-15"), -1) == d("2024-02-07")
    assert working_days_between(d("2024-02-07"), d("2024-02-19")) == 3


def test_working_days_over_30_april_and_1_may() -> None:
    # 2024: Monday 29/4 swapped for Saturday 4/5, which is a working day.
    assert add_working_days(d("2024-04-26"), 1) == d("2024-05-02")
    assert add_working_days(d("2024-04-26"), 3) == d("2024-05-04")
    # 2025: Saturday 26/4 worked, Friday 2/5 off.
    assert add_working_days(d("2025-04-25"), 1) == d("2025-04-26")
    assert add_working_days(d("2025-04-29"), 1) == d("2025-05-05")
    # 2022: 30/4 and 1/5 on a weekend, compensated on 2/5 and 3/5.
    assert add_working_days(d("2022-04-29"), 1) == d("2022-05-04")


def test_working_days_over_2_september() -> None:
    assert add_working_days(d("2025-08-29"), 1) == d("2025-09-03")  # Monday 1/9 and Tuesday 2/9 off
    assert add_working_days(d("2024-08-30"), 1) == d("2024-09-04")  # Monday 2/9 and Tuesday 3/9 off
    assert add_working_days(d("2021-09-01"), 1) == d("2021-09-06")  # Thursday 2/9 and Friday 3/9 off


def test_weekends_zero_and_years_outside_the_file() -> None:
    assert add_working_days(d("2024-03-08"), 1) == d("2024-03-11")
    assert add_working_days(d("2024-03-09"), 0) == d("2024-03-09")
    assert not is_working_day(d("2031-01-01")) and is_working_day(d("2031-01-02"))
    assert 2031 not in default_calendar().years


def test_working_day_numbers_match_add_working_days() -> None:
    first = d("2024-01-25")
    numbers = dict(working_day_numbers(first, d("2024-03-31")))
    working = {
        n: day for day, n in sorted(numbers.items(), reverse=True)
    }  # the first day reaching each count
    for offset in range(0, 20):
        start = first + timedelta(days=offset)
        for n in (1, 3, 7):
            assert working[numbers[start] + n] == add_working_days(start, n)
