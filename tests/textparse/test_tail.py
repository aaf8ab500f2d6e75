"""Signature block and distribution list."""

from __future__ import annotations

from dieuhanh.textparse import parse_text

BODY = "THÔNG BÁO\nKết luận\n\n1. Về báo cáo\n\nGiao Phòng Nội vụ rà soát.\n\n"


def test_authority_is_normalised_with_a_space() -> None:
    doc = parse_text(BODY + "**TL.CHỦ TỊCH\nCHÁNH VĂN PHÒNG**\n\n\nBùi Văn Thọ")
    assert doc["signature"] == {
        "authority": "TL. CHỦ TỊCH",
        "title": "CHÁNH VĂN PHÒNG",
        "name": "Bùi Văn Thọ",
    }


def test_deputy_and_on_behalf_signatures() -> None:
    assert (
        parse_text(BODY + "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Đức Long")["signature"]["authority"]
        == "KT. CHỦ TỊCH"
    )
    signature = parse_text(BODY + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nPhan Văn Định")["signature"]
    assert signature == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Phan Văn Định"}


def test_signature_glued_to_the_last_line() -> None:
    doc = parse_text(
        BODY + "Giao Văn phòng theo dõi, đôn đốc thực hiện./. TL.CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nBùi Văn Thọ"
    )
    assert doc["signature"]["authority"] == "TL. CHỦ TỊCH"
    assert doc["directives"][-1]["text"] == "Giao Văn phòng theo dõi, đôn đốc thực hiện"


def test_signature_beside_the_distribution_list() -> None:
    doc = parse_text(
        BODY
        + "Nơi nhận:          KT. CHỦ TỊCH\n- TT Huyện ủy (b/c);      PHÓ CHỦ TỊCH\n- Lưu: VT.         Trần Đức Long"
    )
    assert doc["signature"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Đức Long"}
    assert doc["recipients"] == [
        {"name": "TT Huyện ủy", "purpose": "for_report"},
        {"name": "Lưu: VT", "purpose": "archive"},
    ]


def test_recipient_purposes() -> None:
    doc = parse_text(
        BODY + "Nơi nhận:\n- Thường trực Huyện ủy (b/c);\n- Các thành viên UBND huyện (t/h);\n"
        "- Đài Truyền thanh huyện (đ/b);\n- Báo Đà Nẵng (để biết);\n- Các cơ quan, đơn vị liên quan;\n- Lưu: VT, TH."
    )
    assert [(r["name"], r["purpose"]) for r in doc["recipients"]] == [
        ("Thường trực Huyện ủy", "for_report"),
        ("Các thành viên UBND huyện", "for_action"),
        ("Đài Truyền thanh huyện", "for_information"),
        ("Báo Đà Nẵng", "for_information"),
        ("Các cơ quan, đơn vị liên quan", None),
        ("Lưu: VT, TH", "archive"),
    ]


def test_recipients_on_one_line() -> None:
    doc = parse_text(BODY + "Nơi nhận: - TT Tỉnh ủy (b/c); - Các sở, ban, ngành; - Lưu: VT.")
    assert [r["name"] for r in doc["recipients"]] == ["TT Tỉnh ủy", "Các sở, ban, ngành", "Lưu: VT"]


def test_two_signatures_of_minutes_take_the_right_hand_one() -> None:
    doc = parse_text(
        "BIÊN BẢN\nPhiên họp\n\nKết luận: giao Công an xã tuần tra.\n\n"
        "THƯ KÝ          CHỦ TRÌ\n\nNguyễn Thị Hoa          Lê Hoàng Nam"
    )
    assert doc["signature"] == {"authority": None, "title": "CHỦ TRÌ", "name": "Lê Hoàng Nam"}


def test_no_signature() -> None:
    assert parse_text("Tin ngắn\n\nChiều 15/3/2024, UBND xã họp.")["signature"] == {
        "authority": None,
        "title": None,
        "name": None,
    }
