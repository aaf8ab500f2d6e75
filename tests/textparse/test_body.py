"""Sections, items, approvals, presenters and the closing part: one behaviour per test."""

from __future__ import annotations

from typing import Any

from dieuhanh.textparse import parse_text


def _doc(body: str) -> dict[str, Any]:
    return parse_text(f"THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n\n{body}")


def _items(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(s["label"], i["label"], i["title"]) for s in doc["sections"] for i in s["items"]]


def test_roman_sections_and_numbered_items() -> None:
    doc = _doc(
        "I. PHẦN MỘT\n\n1. Về báo cáo A\n\nNội dung.\n\n2. Về báo cáo B\n\nII. PHẦN HAI\n\n1. Về đề án C"
    )
    assert _items(doc) == [("I", "1", "Về báo cáo A"), ("I", "2", "Về báo cáo B"), ("II", "1", "Về đề án C")]
    assert [s["title"] for s in doc["sections"]] == ["PHẦN MỘT", "PHẦN HAI"]


def test_items_with_parenthesis() -> None:
    assert _items(_doc("1) Về báo cáo A\n2) Về báo cáo B")) == [
        ("", "1", "Về báo cáo A"),
        ("", "2", "Về báo cáo B"),
    ]


def test_lettered_items_without_numbers() -> None:
    assert _items(_doc("a) Về phương án\n\nb) Về lực lượng")) == [
        ("", "a", "Về phương án"),
        ("", "b", "Về lực lượng"),
    ]


def test_letters_under_numbers_are_points_of_the_item() -> None:
    doc = _doc("1. Về báo cáo\na) Giao Phòng Tư pháp rà soát.\nb) Giao Phòng Nội vụ kiểm tra.\n2. Về đề án")
    assert _items(doc) == [("", "1", "Về báo cáo"), ("", "2", "Về đề án")]
    assert [d["item"] for d in doc["directives"]] == [".1", ".1"]


def test_phan_word_section() -> None:
    assert _items(_doc("PHẦN I. VỀ CÔNG TÁC\n1. Về thu ngân sách"))[0][:2] == ("I", "1")


def test_item_title_and_text_on_one_line() -> None:
    doc = _doc(
        "1. Về báo cáo tháng 3: UBND huyện thống nhất nội dung báo cáo của Phòng Nội vụ trình tại phiên họp."
    )
    item = doc["sections"][0]["items"][0]
    assert item["title"] == "Về báo cáo tháng 3"
    assert item["approval"] == {"agreed": True, "percent": None}


def test_approval_with_percent() -> None:
    doc = _doc("1. Về báo cáo\n\n100% thành viên UBND huyện dự họp đã thống nhất nội dung dự thảo báo cáo.")
    assert doc["sections"][0]["items"][0]["approval"] == {"agreed": True, "percent": 100}


def test_approval_without_percent() -> None:
    doc = _doc("1. Về báo cáo\n\nUBND huyện thống nhất nội dung dự thảo báo cáo.")
    assert doc["sections"][0]["items"][0]["approval"] == {"agreed": True, "percent": None}


def test_approval_from_a_vote_count() -> None:
    doc = _doc("1. Về tờ trình\n\n9/9 thành viên UBND huyện dự họp biểu quyết tán thành.")
    assert doc["sections"][0]["items"][0]["approval"] == {"agreed": True, "percent": 100}


def test_refusal() -> None:
    doc = _doc("1. Về báo cáo\n\nUBND huyện chưa thống nhất với dự thảo báo cáo.")
    assert doc["sections"][0]["items"][0]["approval"] == {"agreed": False, "percent": None}


def test_no_approval_stated() -> None:
    assert _doc("1. Đánh giá chung\n\nTình hình ổn định.")["sections"][0]["items"][0]["approval"] is None


def test_presenter_from_dự_thảo_của() -> None:
    doc = _doc(
        "1. Về báo cáo\n\nUBND huyện thống nhất nội dung dự thảo báo cáo của phòng Tài nguyên-MT huyện trình tại phiên họp."
    )
    assert doc["sections"][0]["items"][0]["presenter"] == {"name": "Phòng Tài nguyên và Môi trường"}


def test_presenter_from_trình_bày() -> None:
    doc = _doc("1. Báo cáo quý I\nCông chức Văn phòng - Thống kê trình bày dự thảo báo cáo.")
    assert doc["sections"][0]["items"][0]["presenter"] == {"name": "Công chức Văn phòng - Thống kê"}


def test_closing_part_after_tren_day_la() -> None:
    doc = _doc(
        "1. Về báo cáo\n\nNội dung.\n\nTrên đây là kết luận. Giao Văn phòng HĐND và UBND huyện theo dõi, đôn đốc thực hiện./."
    )
    assert [d["item"] for d in doc["directives"]] == [None]


def test_closing_paragraph_ending_the_notice() -> None:
    doc = _doc(
        "1. Về báo cáo\n\nGiao Phòng Nội vụ rà soát.\n\nGiao Văn phòng theo dõi, đôn đốc việc thực hiện thông báo này./."
    )
    assert [d["item"] for d in doc["directives"]] == [".1", None]


def test_section_without_items_labels_directives_with_the_section() -> None:
    doc = _doc("I. TỔ CHỨC THỰC HIỆN\nGiao Văn phòng UBND huyện theo dõi, đôn đốc các cơ quan thực hiện.")
    assert doc["directives"][0]["item"] == "I."


def test_page_break_inside_a_sentence_is_rejoined() -> None:
    doc = _doc(
        "1. Về báo cáo\n\nYêu cầu Chủ tịch UBND các xã, thị trấn\n\ncần nâng cao trách nhiệm theo đúng quy định."
    )
    assert doc["directives"][0]["text"].endswith("thị trấn cần nâng cao trách nhiệm theo đúng quy định")


def test_page_break_before_a_name_is_rejoined() -> None:
    doc = _doc(
        "1. Về báo cáo\n\nUBND huyện thống nhất nội dung báo cáo của các phòng trình tại phiên họp; tiếp thu ý kiến, giao Phòng"
        "\n\n2\n\nTư pháp huyện hoàn thiện báo cáo, trình UBND huyện ban hành."
    )
    assert doc["directives"][0]["assignees"] == [{"name": "Phòng Tư pháp"}]


def test_wrapped_lines_of_a_pdf_are_joined() -> None:
    doc = _doc(
        "1. Về báo cáo\nGiao Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các cơ quan liên quan rà soát,\n"
        "tham mưu UBND huyện bố trí vốn cho các công trình.\n2. Về đề án"
    )
    assert doc["directives"][0]["text"].endswith("bố trí vốn cho các công trình")


def test_markdown_bold_and_headings_are_ignored() -> None:
    doc = parse_text(
        "# **THÔNG BÁO**\n**Kết luận của Chủ tịch**\n\n1. Về báo cáo\n\nGiao **Phòng Tư pháp** rà soát."
    )
    assert doc["title"] == "Kết luận của Chủ tịch"
    assert doc["directives"][0]["assignees"] == [{"name": "Phòng Tư pháp"}]


def test_non_breaking_spaces_and_decomposed_marks() -> None:
    text = "THÔNG\u00a0BÁO\nKết luận\n\n1. Về báo cáo\n\nGiao\u00a0Phòng\u00a0Tư pháp rà soát."
    decomposed = __import__("unicodedata").normalize("NFD", text)
    assert parse_text(decomposed)["directives"][0]["assignees"] == [{"name": "Phòng Tư pháp"}]


def test_minutes_take_directives_from_conclusions_only() -> None:
    doc = parse_text(
        "BIÊN BẢN\nPhiên họp UBND xã\n\nI. NỘI DUNG\n1. Báo cáo quý I\nÝ kiến thảo luận:\n"
        "- Ông A: đề nghị UBND xã bổ sung kinh phí.\nKết luận: giao Công an xã tăng cường tuần tra."
    )
    assert [d["text"] for d in doc["directives"]] == ["giao Công an xã tăng cường tuần tra"]


def test_news_report_keeps_what_the_chair_asks_outside_the_conclusion() -> None:
    doc = parse_text(
        "UBND xã A họp phiên thường kỳ\n\nSáng 20/5/2024, UBND xã A họp. Đồng chí Lê Văn Bình, Chủ tịch UBND xã chủ trì.\n\n"
        "Tại phiên họp, các đại biểu đề nghị UBND xã quan tâm đầu tư đường giao thông.\n\n"
        "Phát biểu tại phiên họp, Chủ tịch UBND xã Lê Văn Bình yêu cầu Công an xã tăng cường tuần tra. "
        "Đồng chí cũng giao công chức Tư pháp - Hộ tịch rà soát hồ sơ."
    )
    assert [d["text"] for d in doc["directives"]] == [
        "yêu cầu Công an xã tăng cường tuần tra",
        "giao công chức Tư pháp - Hộ tịch rà soát hồ sơ",
    ]


def test_news_report_takes_directives_from_the_conclusion() -> None:
    doc = parse_text(
        "UBND xã X họp phiên thường kỳ\n\nChiều 15/3/2024, UBND xã X họp. Các đại biểu đề nghị UBND xã quan tâm.\n\n"
        "Kết luận phiên họp, đồng chí Đỗ Minh Khôi yêu cầu các ban, ngành tập trung thực hiện."
    )
    assert [d["verb"] for d in doc["directives"]] == ["yêu cầu"]
