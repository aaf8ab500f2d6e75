"""Numbers in Vietnamese words, decimal comma and dot grouping, and reading words back."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn.numbers import (
    FinalFour,
    ZeroTens,
    decimal_to_words,
    format_decimal,
    format_number,
    number_to_words,
    percent_to_words,
    words_to_decimal,
    words_to_number,
    words_to_percent,
)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1050, "một nghìn không trăm năm mươi"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (10_000, "mười nghìn"),
        (100_000, "một trăm nghìn"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_000_000_000, "một tỷ"),
        (1_005_000_000, "một tỷ không trăm linh năm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-3, "âm ba"),
        (-1005, "âm một nghìn không trăm linh năm"),
    ],
)
def test_number_to_words(number: int, words: str) -> None:
    assert number_to_words(number) == words
    assert words_to_number(words) == number


def test_number_to_words_variants() -> None:
    assert number_to_words(105, zero_tens="lẻ") == "một trăm lẻ năm"
    assert number_to_words(24, final_four="bốn") == "hai mươi bốn"
    assert number_to_words(14, final_four="tư") == "mười bốn"
    with pytest.raises(ValueError):
        number_to_words(5, zero_tens=cast(Any, "lẽ"))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("hai", 2),
        ("02", 2),
        ("Hai mươi mốt", 21),
        ("hai muoi tu", 24),
        ("hai mươi nhăm", 25),
        ("một trăm lẻ năm", 105),
        ("một ngàn không trăm linh năm", 1005),
        ("ba tỉ", 3_000_000_000),
        ("1.234.567", 1_234_567),
        ("âm mười", -10),
    ],
)
def test_words_to_number_reads_variants(text: str, number: int) -> None:
    assert words_to_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nghìn",
        "tỷ",
        "một trăm năm",
        "hai ba",
        "một mươi",
        "xyz",
        "một nghìn hai nghìn",
        "một trăm linh",
        "85,2",
    ],
)
def test_words_to_number_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        words_to_number(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_number_words_round_trip(number: int) -> None:
    assert words_to_number(number_to_words(number)) == number


@given(st.integers(min_value=-(10**30), max_value=-1))
def test_negative_and_large_round_trip(number: int) -> None:
    assert words_to_number(number_to_words(number)) == number
    assert words_to_number(number_to_words(-number)) == -number


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["linh", "lẻ"]),
    st.sampled_from(["tư", "bốn"]),
)
def test_variant_round_trip(number: int, zero_tens: ZeroTens, final_four: FinalFour) -> None:
    words = number_to_words(number, zero_tens=zero_tens, final_four=final_four)
    assert words_to_number(words) == number


@pytest.mark.parametrize(
    ("value", "places", "words"),
    [
        (85.2, None, "tám mươi lăm phẩy hai"),
        (Decimal("85.2"), None, "tám mươi lăm phẩy hai"),
        (Decimal("3.05"), None, "ba phẩy không năm"),
        (Decimal("3.25"), None, "ba phẩy hai mươi lăm"),
        (3.14159, None, "ba phẩy một bốn một năm chín"),
        (85.0, None, "tám mươi lăm"),
        (-0.5, None, "âm không phẩy năm"),
        (2 / 3, 2, "không phẩy sáu mươi bảy"),
        (0.125, 2, "không phẩy mười ba"),
        (7, 1, "bảy phẩy không"),
    ],
)
def test_decimal_to_words(value: float | Decimal, places: int | None, words: str) -> None:
    assert decimal_to_words(value, places) == words


def test_percent_to_words() -> None:
    assert percent_to_words(85.2) == "tám mươi lăm phẩy hai phần trăm"
    assert percent_to_words(100) == "một trăm phần trăm"
    assert words_to_percent("tám mươi lăm phẩy hai phần trăm") == Decimal("85.2")
    assert words_to_percent("85,2%") == Decimal("85.2")
    assert words_to_percent("100 %") == Decimal(100)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=3))
def test_decimal_round_trip(value: Decimal) -> None:
    assert words_to_decimal(decimal_to_words(value)) == value


@given(st.integers(0, 8).flatmap(lambda p: st.tuples(st.just(p), st.decimals(-(10**9), 10**9, places=p))))
def test_decimal_round_trip_keeps_places(case: tuple[int, Decimal]) -> None:
    places, value = case
    read = words_to_decimal(decimal_to_words(value, places))
    assert read == value
    assert read.as_tuple().exponent == -places


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.one_of(st.none(), st.integers(0, 4)))
def test_float_round_trip(value: float, places: int | None) -> None:
    expected = Decimal(repr(value))
    if places is not None:
        expected = expected.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert words_to_decimal(decimal_to_words(value, places)) == expected
    assert words_to_percent(percent_to_words(value, places)) == expected


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_percent_round_trip(value: Decimal) -> None:
    assert words_to_percent(percent_to_words(value)) == value


def test_format_number_and_decimal() -> None:
    assert format_number(1_234_567) == "1.234.567"
    assert format_number(999) == "999"
    assert format_number(-1000) == "-1.000"
    assert format_decimal(85.2) == "85,2"
    assert format_decimal(1234.5) == "1.234,5"
    assert format_decimal(2 / 3, 2) == "0,67"
    assert format_decimal(Decimal("2.675"), 2) == "2,68"
    assert format_decimal(-0.001, 2) == "0,00"
    assert format_decimal(85, 1) == "85,0"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_formatted_numbers_read_back(number: int) -> None:
    assert words_to_number(format_number(number)) == number


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3))
def test_formatted_decimals_read_back(value: Decimal) -> None:
    assert words_to_decimal(format_decimal(value)) == value
