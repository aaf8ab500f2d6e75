"""Dates and periods: Decree 30 formatting, parsing single dates and periods, finding them in running text."""

from __future__ import annotations

import time
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn.dates import (
    DateMatch,
    Period,
    find_dates,
    format_date,
    format_date_line,
    format_month,
    format_month_short,
    format_period,
    format_short,
    parse_date,
    parse_period,
)

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
YEARS = st.integers(min_value=1900, max_value=2100)


# --- formatting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 8, 9), "ngày 09 tháng 8 năm 2021"),
        (date(2022, 1, 5), "ngày 05 tháng 01 năm 2022"),
        (date(2022, 2, 15), "ngày 15 tháng 02 năm 2022"),
        (date(2021, 10, 20), "ngày 20 tháng 10 năm 2021"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2020, 12, 10), "ngày 10 tháng 12 năm 2020"),
        (date(2020, 3, 1), "ngày 01 tháng 3 năm 2020"),
    ],
)
def test_format_date_follows_decree_30(day: date, expected: str) -> None:
    assert format_date(day) == expected


def test_format_date_line() -> None:
    assert format_date_line("Sông Lô", date(2021, 8, 9)) == "Sông Lô, ngày 09 tháng 8 năm 2021"
    assert format_date_line(" Quận 1 ", date(2022, 1, 5)) == "Quận 1, ngày 05 tháng 01 năm 2022"


def test_short_and_month_forms() -> None:
    assert format_short(date(2021, 8, 9)) == "09/8/2021"
    assert format_short(date(2015, 6, 19)) == "19/6/2015"
    assert format_short(date(2022, 1, 5)) == "05/01/2022"
    assert format_month(2021, 8) == "tháng 8 năm 2021"
    assert format_month(2022, 2) == "tháng 02 năm 2022"
    assert format_month_short(2021, 8) == "tháng 8/2021"
    assert format_month_short(2021, 12) == "tháng 12/2021"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.of_month(2021, 8), "tháng 8 năm 2021"),
        (Period.of_quarter(2021, 3), "quý III năm 2021"),
        (Period.of_half(2021, 1), "6 tháng đầu năm 2021"),
        (Period.of_half(2021, 2), "6 tháng cuối năm 2021"),
        (Period.first_months(2021, 9), "9 tháng đầu năm 2021"),
        (Period.of_year(2021), "năm 2021"),
        (Period.of_day(date(2021, 8, 9)), "ngày 09 tháng 8 năm 2021"),
        (
            Period(date(2021, 8, 2), date(2021, 8, 6), "months"),
            "từ ngày 02 tháng 8 năm 2021 đến ngày 06 tháng 8 năm 2021",
        ),
    ],
)
def test_format_period(period: Period, expected: str) -> None:
    assert format_period(period) == expected


def test_period_checks_itself() -> None:
    with pytest.raises(ValueError):
        Period(date(2021, 2, 1), date(2021, 1, 1), "months")
    with pytest.raises(ValueError):
        Period(date(2021, 1, 1), date(2021, 1, 1), "week")
    with pytest.raises(ValueError):
        Period.of_quarter(2021, 5)
    assert date(2021, 8, 31) in Period.of_month(2021, 8)
    assert date(2021, 9, 1) not in Period.of_month(2021, 8)
    assert Period.of_month(2024, 2).end == date(2024, 2, 29)


# --- parse_date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "09/8/2021",
        "09/08/2021",
        "9/8/2021",
        "ngày 09/8/2021",
        "Ngày 09/8/2021",
        "ngày 9 tháng 8 năm 2021",
        "ngày 09 tháng 8 năm 2021",
        "Ngày 09 tháng 8, năm 2021",
        "9 tháng 8 năm 2021",
        "ngày 09-8-2021",
        "ngày 09–8–2021",
        "9.8.2021",
        "2021-08-09",
        " ngày\u00a009 / 8 / 2021. ",
        "ngay 9 thang 8 nam 2021",
        "NGÀY 09 THÁNG 8 NĂM 2021",
        unicodedata.normalize("NFD", "ngày 9 tháng 8 năm 2021"),
    ],
)
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == date(2021, 8, 9)


def test_parse_date_seed_example() -> None:
    assert parse_date("19/6/2015") == date(2015, 6, 19)


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2021",
        "29/2/2021",
        "0/1/2021",
        "1/13/2021",
        "32/1/2021",
        "ngày 31 tháng 4 năm 2021",
        "2021-02-30",
    ],
)
def test_parse_date_invalid_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "09/8-2021", "tháng 8/2021", "quý III năm 2021", "năm 2021", "09/8/21", "09/8"]
)
def test_parse_date_rejects_what_is_not_one_date(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_without_year_uses_default_year() -> None:
    assert parse_date("ngày 30/9") is None
    assert parse_date("ngày 30/9", default_year=2021) == date(2021, 9, 30)
    assert parse_date("ngày 30 tháng 9", default_year=2021) == date(2021, 9, 30)
    assert parse_date("ngày 29/2", default_year=2021) is None


@given(DATES)
def test_format_then_parse_round_trip(day: date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(format_short(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day:%d/%m/%Y}") == day


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    parse_date(text)
    parse_period(text)
    parse_period(text, default_year=2021)


# --- parse_period -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tháng 8 năm 2021", Period.of_month(2021, 8)),
        ("tháng 8/2021", Period.of_month(2021, 8)),
        ("tháng 08/2021", Period.of_month(2021, 8)),
        ("Tháng 12-2021", Period.of_month(2021, 12)),
        ("quý III năm 2021", Period.of_quarter(2021, 3)),
        ("quý 3/2021", Period.of_quarter(2021, 3)),
        ("Quý IV/2021", Period.of_quarter(2021, 4)),
        ("quý I năm 2022", Period.of_quarter(2022, 1)),
        ("quý 2 năm 2022", Period.of_quarter(2022, 2)),
        ("6 tháng đầu năm 2021", Period(date(2021, 1, 1), date(2021, 6, 30), "half")),
        ("6 tháng cuối năm 2021", Period(date(2021, 7, 1), date(2021, 12, 31), "half")),
        ("nửa đầu năm 2021", Period.of_half(2021, 1)),
        ("9 tháng đầu năm 2021", Period(date(2021, 1, 1), date(2021, 9, 30), "months")),
        ("3 tháng cuối năm 2021", Period(date(2021, 10, 1), date(2021, 12, 31), "months")),
        ("năm 2021", Period(date(2021, 1, 1), date(2021, 12, 31), "year")),
        ("ngày 09/8/2021", Period(date(2021, 8, 9), date(2021, 8, 9), "day")),
    ],
)
def test_parse_period_forms(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["tháng 13/2021", "quý V/2021", "quý 0/2021", "13 tháng đầu năm 2021", "tháng", "quý"]
)
def test_parse_period_rejects_invalid(text: str) -> None:
    assert parse_period(text) is None


def test_parse_period_without_year() -> None:
    assert parse_period("quý III") is None
    assert parse_period("quý III", default_year=2021) == Period.of_quarter(2021, 3)
    assert parse_period("tháng 8", default_year=2021) == Period.of_month(2021, 8)
    assert parse_period("6 tháng đầu năm", default_year=2021) == Period.of_half(2021, 1)


PERIODS = st.one_of(
    DATES.map(Period.of_day),
    st.builds(Period.of_month, YEARS, st.integers(1, 12)),
    st.builds(Period.of_quarter, YEARS, st.integers(1, 4)),
    st.builds(Period.of_half, YEARS, st.integers(1, 2)),
    st.builds(Period.of_year, YEARS),
    st.builds(Period.first_months, YEARS, st.integers(1, 12)),
    st.builds(Period.last_months, YEARS, st.integers(1, 12)),
)


@given(PERIODS)
def test_format_period_then_parse_round_trip(period: Period) -> None:
    assert parse_period(format_period(period)) == period


# --- find_dates ---------------------------------------------------------------------------------------


def _found(text: str, default_year: int | None = None) -> list[tuple[str, date | Period]]:
    return [(text[m.start : m.end], m.value) for m in find_dates(text, default_year)]


def test_find_deadlines_in_directives() -> None:
    text = "Hoàn thành trước ngày 30/9/2021, báo cáo trong tháng 8/2021; hoàn thành trong quý III năm 2021."
    assert _found(text) == [
        ("ngày 30/9/2021", date(2021, 9, 30)),
        ("tháng 8/2021", Period.of_month(2021, 8)),
        ("quý III năm 2021", Period.of_quarter(2021, 3)),
    ]


def test_find_dates_returns_positions() -> None:
    text = "Ngày 09/8/2021, UBND huyện họp."
    assert find_dates(text) == [DateMatch(0, 14, date(2021, 8, 9))]
    start, end, value = find_dates(text)[0]
    assert (start, end, value) == (0, 14, date(2021, 8, 9))


def test_find_dates_in_seed_text() -> None:
    text = (
        "Thực hiện Luật Tổ chức chính quyền địa phương ngày 19/6/2015 và Luật sửa đổi năm 2019; nhiệm kỳ 2016- 2021;"
        " Ngày 09/8/2021, UBND huyện Sông Lô tổ chức phiên hành chính tháng 8/2021. Báo cáo tháng 07/2021,"
        " nhiệm vụ tháng 08/2021; báo cáo năm 2020 và 6 tháng đầu năm 2021."
    )
    assert _found(text) == [
        ("ngày 19/6/2015", date(2015, 6, 19)),
        ("năm 2019", Period.of_year(2019)),
        ("Ngày 09/8/2021", date(2021, 8, 9)),
        ("tháng 8/2021", Period.of_month(2021, 8)),
        ("tháng 07/2021", Period.of_month(2021, 7)),
        ("tháng 08/2021", Period.of_month(2021, 8)),
        ("năm 2020", Period.of_year(2020)),
        ("6 tháng đầu năm 2021", Period.of_half(2021, 1)),
    ]


def test_find_dates_without_year_needs_default_year() -> None:
    text = "Xong trong quý III, trước ngày 30/9 và trong tháng 10."
    assert _found(text) == []
    assert _found(text, default_year=2021) == [
        ("quý III", Period.of_quarter(2021, 3)),
        ("ngày 30/9", date(2021, 9, 30)),
        ("tháng 10", Period.of_month(2021, 10)),
    ]


def test_find_dates_ignores_numbers_that_are_not_dates() -> None:
    text = "Nghị định 30/2020/NĐ-CP, Số: 15/TB-UBND, 1.234.567 đồng, tỷ lệ 85,2%, Việt Nam 2021, 2016-2021, ngày 31/2/2021."
    assert _found(text) == []


def test_find_dates_in_decomposed_text_points_into_the_text() -> None:
    text = unicodedata.normalize("NFD", "Hạn: ngày 30 tháng 9 năm 2021, quý IV năm 2021.")
    found = find_dates(text)
    assert [m.value for m in found] == [date(2021, 9, 30), Period.of_quarter(2021, 4)]
    assert unicodedata.normalize("NFC", text[found[0].start : found[0].end]) == "ngày 30 tháng 9 năm 2021"
    assert unicodedata.normalize("NFC", text[found[1].start : found[1].end]) == "quý IV năm 2021"


@given(
    DATES, st.sampled_from(["Trước ", "hạn: ", "", "(", "Sông Lô, "]), st.sampled_from(["", ".", ";", " và"])
)
def test_formatted_dates_are_found_in_text(day: date, before: str, after: str) -> None:
    for written in (format_date(day), format_short(day)):
        text = before + written + after
        assert find_dates(text) == [DateMatch(len(before), len(before) + len(written), day)]


TOKENS = st.sampled_from(
    ["ngày", "Ngày", "tháng", "năm", "NĂM", "quý", "III", "IV", "i", "9", "30", "08", "6", "2021", "1999", "0000",
     "/", "-", "–", ".", ",", " ", "\u00a0", "đầu", "cuối", "nửa", "x", "\u0301", "Nam"]
)  # fmt: skip


@given(st.lists(TOKENS, max_size=30).map("".join), st.one_of(st.none(), YEARS))
def test_every_match_reads_back_alone(text: str, default_year: int | None) -> None:
    end = 0
    for match in find_dates(text, default_year):
        assert end <= match.start < match.end <= len(text)
        end = match.end
        alone = parse_period(text[match.start : match.end], default_year)
        expected = match.value if isinstance(match.value, Period) else Period.of_day(match.value)
        assert alone == expected


ADVERSARIAL = {
    "spaces": " " * 100_000,
    "ngày": "ngày " * 20_000,
    "date then spaces": "ngày 9 tháng 8" + " " * 100_000 + "x",
    "commas": "ngày 9 tháng 8" + " , " * 33_000,
    "digits": "9" * 100_000,
    "slashes": "1/" * 50_000,
    "dots": "1." * 50_000,
    "months": "tháng 1 " * 12_500,
    "quarters": "quý " + "i" * 100_000,
    "halves": "6 tháng đầu " * 8_000,
    "decomposed": unicodedata.normalize("NFD", "ngày 9 tháng ") * 7_000,
    "separators": ("1 " + " " * 50 + "/ " + " " * 50) * 950,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_is_fast(name: str) -> None:
    text = ADVERSARIAL[name]
    started = time.perf_counter()
    find_dates(text, default_year=2021)
    parse_date(text)
    parse_period(text)
    assert time.perf_counter() - started < 1.0
