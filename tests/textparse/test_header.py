"""Header, title, legal bases, meeting and issuer: one behaviour per test."""

from __future__ import annotations

from dieuhanh.textparse import parse_text

HEADER = """ỦY BAN NHÂN DÂN
HUYỆN SÔNG LÔ
Số: 15/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sông Lô, ngày 09 tháng 8 năm 2021

THÔNG BÁO
Kết quả phiên họp hành chính tháng 8 năm 2021
"""


def test_number_without_so_prefix() -> None:
    assert parse_text(HEADER)["number"] == "15/TB-UBND"


def test_doc_type_from_number_symbol() -> None:
    assert parse_text(HEADER)["doc_type"] == "TB"


def test_place_and_date_line() -> None:
    doc = parse_text(HEADER)
    assert (doc["place"], doc["issued_on"]) == ("Sông Lô", "2021-08-09")


def test_date_line_with_blank_day_gives_no_date() -> None:
    doc = parse_text(HEADER.replace("ngày 09 tháng", "ngày     tháng"))
    assert doc["issued_on"] is None


def test_issuer_from_two_header_lines() -> None:
    assert parse_text(HEADER)["issuer"] == {"name": "UBND huyện Sông Lô", "level": "district"}


def test_issuer_levels() -> None:
    for header, level in (("UBND TỈNH VĨNH PHÚC", "province"), ("UBND XÃ ĐỒNG QUẾ", "commune"),
                          ("ỦY BAN NHÂN DÂN THỊ TRẤN TAM SƠN", "commune"), ("UBND THÀNH PHỐ HÀ NỘI", "province"),
                          ("UBND THÀNH PHỐ VĨNH YÊN", "district")):  # fmt: skip
        assert parse_text(f"{header}\nTHÔNG BÁO\nKết luận")["issuer"]["level"] == level, header


def test_issuer_from_body_when_no_header() -> None:
    doc = parse_text("THÔNG BÁO\nKết quả phiên họp\n\nNgày 09/8/2021, UBND huyện Sông Lô tổ chức phiên họp.")
    assert doc["issuer"] == {"name": "UBND huyện Sông Lô", "level": "district"}


def test_office_issuer() -> None:
    doc = parse_text("UBND TỈNH QUẢNG NAM\nVĂN PHÒNG\nSố: 12/TB-VP\nTHÔNG BÁO\nKết luận của Chủ tịch")
    assert doc["issuer"]["name"] == "Văn phòng UBND tỉnh Quảng Nam"


def test_title_is_the_line_after_thong_bao() -> None:
    assert parse_text(HEADER)["title"] == "Kết quả phiên họp hành chính tháng 8 năm 2021"


def test_title_wrapped_over_two_lines() -> None:
    doc = parse_text(
        "THÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc với\nUBND huyện Phù Cát về nông thôn mới\n\nNgày 16/11/2023, đoàn làm việc."
    )
    assert doc["title"].endswith("về nông thôn mới")


def test_minutes_heading_gives_bb() -> None:
    doc = parse_text(
        "BIÊN BẢN\nPhiên họp thường kỳ tháng 3 năm 2024\n\nHôm nay, ngày 27/3/2024, UBND xã họp."
    )
    assert (doc["doc_type"], doc["title"]) == ("BB", "Phiên họp thường kỳ tháng 3 năm 2024")


def test_news_report_takes_headline_as_title() -> None:
    doc = parse_text(
        "UBND xã Hưng Đạo họp phiên thường kỳ tháng 3\n\nChiều 15/3/2024, UBND xã Hưng Đạo tổ chức phiên họp."
    )
    assert (doc["doc_type"], doc["title"]) == ("", "UBND xã Hưng Đạo họp phiên thường kỳ tháng 3")


def test_legal_bases_split_one_per_clause() -> None:
    doc = parse_text(
        "THÔNG BÁO\nKết luận\n\nThực hiện Luật Tổ chức chính quyền địa phương ngày 19/6/2015 và Luật sửa đổi, "
        "bổ sung một số điều năm 2019; Thực hiện Quy chế làm việc của UBND huyện;\n\nNgày 09/8/2021, UBND huyện họp."
    )
    assert doc["legal_bases"] == [
        "Luật Tổ chức chính quyền địa phương ngày 19/6/2015",
        "Luật sửa đổi, bổ sung một số điều năm 2019",
        "Quy chế làm việc của UBND huyện",
    ]


def test_legal_basis_glued_to_the_opening_is_cut() -> None:
    doc = parse_text(
        "THÔNG BÁO\nKết luận\n\nCăn cứ Kế hoạch số 21/KH-UBND ngày 15/3/2022, ngày 01/7/2022 UBND xã họp."
    )
    assert doc["legal_bases"] == ["Kế hoạch số 21/KH-UBND ngày 15/3/2022"]
    assert doc["meeting"]["held_on"] == "2022-07-01"


def _meeting(title: str, opening: str = "") -> dict[str, object]:
    meeting: dict[str, object] = parse_text(f"THÔNG BÁO\n{title}\n\n{opening}")["meeting"]
    return meeting


def test_meeting_kinds() -> None:
    assert _meeting("Kết quả phiên họp hành chính tháng 8")["kind"] == "administrative"
    assert _meeting("Kết quả phiên hành chính tháng 8")["kind"] == "administrative"
    assert _meeting("Kết luận tại phiên họp thường kỳ tháng 4")["kind"] == "regular"
    assert _meeting("Kết luận tại phiên họp chuyên đề về thiên tai")["kind"] == "thematic"
    assert _meeting("Kết luận tại phiên họp bất thường")["kind"] == "extraordinary"
    assert _meeting("Kết luận tại cuộc họp giao ban tháng 5")["kind"] == "briefing"
    assert _meeting("Kết luận tại buổi làm việc với huyện")["kind"] == "other"


def test_thematic_report_is_not_a_thematic_session() -> None:
    assert _meeting("Kết luận", "Trên cơ sở báo cáo chuyên đề do các phòng trình.")["kind"] is None


def test_meeting_day_and_monthly_period() -> None:
    meeting = _meeting("Kết quả phiên họp hành chính tháng 8 năm 2021", "Ngày 09/8/2021, UBND huyện họp.")
    assert (meeting["held_on"], meeting["period"]) == ("2021-08-09", "2021-08")


def test_period_year_from_meeting_day() -> None:
    meeting = _meeting("Phiên họp thường kỳ tháng 3", "Chiều 15/3/2024, UBND xã họp.")
    assert (meeting["held_on"], meeting["period"]) == ("2024-03-15", "2024-03")


def test_no_period_for_thematic_session() -> None:
    assert _meeting("Phiên họp chuyên đề tháng 8 năm 2021")["period"] is None


def test_reference_dates_are_not_the_meeting_day() -> None:
    opening = (
        "Theo Kế hoạch số 12/KH-UBND ngày 10/01/2021 của UBND huyện, ngày 15/01/2021 UBND huyện tổ chức họp."
    )
    meeting = _meeting("Kết luận", opening)
    assert meeting["held_on"] == "2021-01-15"


def test_chair_with_several_titles_takes_the_committee_one() -> None:
    meeting = _meeting(
        "Kết luận", "Đồng chí Lê Quang Nghiệp- Phó Bí thư Huyện ủy, Chủ tịch UBND huyện đã kết luận."
    )
    assert meeting["chair"] == {"name": "Lê Quang Nghiệp", "title": "Chủ tịch UBND huyện"}


def test_chair_named_after_the_title() -> None:
    meeting = _meeting("Kết luận của Chủ tịch UBND tỉnh Lê Trí Thanh tại cuộc họp")
    assert meeting["chair"] == {"name": "Lê Trí Thanh", "title": "Chủ tịch UBND tỉnh"}


def test_chair_of_minutes() -> None:
    meeting = _meeting("Phiên họp", "Chủ trì: Ông Trần Văn Bình - Chủ tịch UBND xã.")
    assert meeting["chair"] == {"name": "Trần Văn Bình", "title": "Chủ tịch UBND xã"}


def test_chair_without_a_name() -> None:
    meeting = _meeting("Kết luận", "Chủ tịch UBND huyện kết luận như sau:")
    assert meeting["chair"] == {"name": None, "title": "Chủ tịch UBND huyện"}
