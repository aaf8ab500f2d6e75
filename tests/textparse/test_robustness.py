"""Any input gives a document or the parser's own ParseError, quickly: fuzzing and adversarial inputs."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.textparse import ParseError, parse_bytes, parse_text

from .helpers import SAMPLES

_FRAGMENTS = [
    "THÔNG BÁO", "BIÊN BẢN", "Số: 15/TB-UBND", "Sông Lô, ngày 09 tháng 8 năm 2021", "I. PHẦN", "1. Về báo cáo",
    "a) ", "1) ", "Giao ", "giao Phòng Tư pháp ", "Yêu cầu ", "UBND các xã, thị trấn", "Chủ tịch ", "thủ trưởng ",
    "các phòng, ban, ngành", "trước ngày 30/9/2021", "trong quý III năm 2021", "100% thành viên", "thống nhất",
    "Nơi nhận:", "- Lưu: VT.", "(b/c);", "TL.CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Bùi Văn Thọ", "./.", ", trong đó",
    " để ", "; ", ". ", ":", "\n", "\n\n", "**", "\u00a0", "\u0301", "Căn cứ ", "Thực hiện ", "đồng chí ",
]  # fmt: skip


def _check(call: Any) -> None:
    started = time.perf_counter()
    try:
        document = call()
    except ParseError as exc:
        assert exc.message and any(ord(c) > 127 for c in exc.message)  # a Vietnamese message
    else:
        assert document["schema"] == "dieuhanh.notice/1"
    assert time.perf_counter() - started < 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text(text: str) -> None:
    _check(lambda: parse_text(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=20), max_size=120).map("".join))
def test_notice_like_text(text: str) -> None:
    _check(lambda: parse_text(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes(data: bytes) -> None:
    _check(lambda: parse_bytes(data).document)


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=200),
    st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf"]),
)
def test_bytes_with_magic_numbers(data: bytes, magic: bytes) -> None:
    _check(lambda: parse_bytes(magic + data).document)


_SAMPLE = (SAMPLES / "tinh_ket_luan_chu_tich.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "giao " * 40_000,
        "Yêu cầu các xã, thị trấn, " * 10_000,
        "Giao Phòng Tài chính - Kế hoạch và " * 8_000,
        "1. " * 60_000,
        "I. " * 60_000,
        "(" * 200_000,
        "." * 200_000,
        "a" * 500_000,
        " " * 500_000 + "x",
        "\n" * 200_000 + "x",
        "UBND huyện Sông Lô " * 20_000,
        "đồng chí Nguyễn Văn An, " * 15_000,
        "ngày 09/8/2021 " * 20_000,
        "Nơi nhận:\n" + "- Lưu: VT (b/c);\n" * 20_000,
        "TL. CHỦ TỊCH\n" * 20_000,
        "*" * 100_000 + "a" + "*" * 100_000,
        "Số: " + "1/" * 50_000,
        "- " * 100_000,
        _SAMPLE * 40,
    ],
    ids=lambda text: repr(text[:16]),
)
def test_long_adversarial_inputs_take_under_a_second(text: str) -> None:
    _check(lambda: parse_text(text))


def test_too_long_text_is_refused() -> None:
    with pytest.raises(ParseError, match="quá dài"):
        parse_text("a" * 500_001)


def test_empty_text_is_refused() -> None:
    with pytest.raises(ParseError, match="trống"):
        parse_text(" \n\t ")
