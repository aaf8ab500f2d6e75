"""Directives: triggers, clause extent, kinds, assignees (groups and roles) and deadlines."""

from __future__ import annotations

from typing import Any

from dieuhanh.textparse import parse_text
from dieuhanh.textparse.directives import extract
from dieuhanh.textparse.units import read_mentions


def _one(paragraph: str, year: int | None = 2021) -> dict[str, Any]:
    found = extract(paragraph, "I.1", year)
    assert len(found) == 1, found
    return found[0]


def _units(text: str) -> list[dict[str, str]]:
    return [m.unit for m in read_mentions(text)[0]]


# --- triggers and clauses ---


def test_one_directive_per_trigger_clause() -> None:
    found = extract(
        "UBND huyện thống nhất nội dung; giao Phòng Tư pháp hoàn thiện báo cáo. Yêu cầu UBND các xã thực hiện.",
        "I.1",
    )
    assert [d["verb"] for d in found] == ["giao", "yêu cầu"]


def test_text_runs_from_the_trigger_to_the_end_of_the_sentence() -> None:
    found = _one(
        "Tiếp thu ý kiến, giao Phòng Nội vụ rà soát biên chế theo đúng quy định. Đồng thời báo cáo kết quả."
    )
    assert found["text"] == "giao Phòng Nội vụ rà soát biên chế theo đúng quy định"


def test_several_actions_in_one_clause_stay_one_directive() -> None:
    found = _one("Giao Văn phòng gửi báo cáo đến các xã; theo dõi, đôn đốc các xã tiếp tục thực hiện.")
    assert found["text"].endswith("đôn đốc các xã tiếp tục thực hiện")


def test_elaboration_and_purpose_belong_to_the_clause() -> None:
    # ../shared/eval/README.md: the text runs to the end of the sentence; "trong đó …", "nhằm …", "để …" belong to it
    assert _one("Yêu cầu các cấp, các ngành tập trung phòng, chống dịch, trong đó tập trung quản lý chặt.")[
        "text"
    ] == ("Yêu cầu các cấp, các ngành tập trung phòng, chống dịch, trong đó tập trung quản lý chặt")
    assert _one("Yêu cầu UBND các xã tăng cường xử lý vi phạm nhằm xác định đúng hành vi.")["text"] == (
        "Yêu cầu UBND các xã tăng cường xử lý vi phạm nhằm xác định đúng hành vi"
    )
    found = _one(
        "giao Văn phòng hoàn thiện báo cáo, trình Lãnh đạo UBND huyện duyệt ban hành để gửi đến các thành phần biết;"
    )
    assert found["text"] == (
        "giao Văn phòng hoàn thiện báo cáo, trình Lãnh đạo UBND huyện duyệt ban hành để gửi đến các thành phần biết"
    )


def test_a_trigger_inside_what_is_asked_is_not_a_new_directive() -> None:
    found = _one("Đề nghị UBND huyện Phù Cát tập trung chỉ đạo các xã hoàn thiện các tiêu chí.")
    assert found["assignees"] == [{"name": "UBND huyện Phù Cát"}]


def test_nouns_and_passives_are_not_triggers() -> None:
    for text in ("Theo đề nghị của Phòng Nội vụ, UBND huyện thống nhất.", "Các nhiệm vụ được giao cho Phòng Tư pháp.",
                 "Đáp ứng được yêu cầu công việc.", "Công tác giao thông nông thôn được quan tâm.",
                 "Công tác chỉ đạo, điều hành của UBND huyện."):  # fmt: skip
        assert extract(text, None) == [], text


def test_impersonal_trigger_opening_a_point() -> None:
    assert _one("a) Yêu cầu tăng cường kiểm tra, giám sát.")["assignees"] == []


def test_list_of_units_after_a_colon() -> None:
    found = _one(
        "Giao nhiệm vụ cụ thể như sau: Phòng Tư pháp: rà soát hồ sơ; Công an huyện: tăng cường tuần tra."
    )
    assert found["assignees"] == [{"name": "Phòng Tư pháp"}, {"name": "Công an huyện"}]


def test_giao_before_a_unit_named_ban() -> None:
    assert _one("Giao Ban Chỉ huy Quân sự huyện bố trí lực lượng.")["assignees"] == [
        {"name": "Ban Chỉ huy Quân sự"}
    ]


def test_trigger_with_colon_takes_the_bullets_under_it() -> None:
    doc = parse_text(
        "THÔNG BÁO\nKết luận\n\n1. Yêu cầu Phòng Nội vụ:\n- Rà soát hồ sơ;\n- Báo cáo trước ngày 20/10/2021."
    )
    assert len(doc["directives"]) == 1
    assert doc["directives"][0]["text"].endswith("Báo cáo trước ngày 20/10/2021")
    assert doc["directives"][0]["deadline"] == "2021-10-20"


# --- kinds ---


def test_kind_finalize_report() -> None:
    assert (
        _one("giao phòng Tư pháp hoàn thiện báo cáo trình Lãnh đạo UBND huyện phê duyệt ban hành.")["kind"]
        == "finalize_report"
    )
    assert (
        _one("Giao Sở Nội vụ tiếp thu ý kiến thành viên, hoàn chỉnh hồ sơ, trình HĐND tỉnh.")["kind"]
        == "finalize_report"
    )


def test_kind_follow_up() -> None:
    assert (
        _one("Giao Văn phòng có trách nhiệm theo dõi, đôn đốc thực hiện và tổng hợp báo cáo.")["kind"]
        == "follow_up"
    )


def test_urging_a_revenue_is_a_task_not_a_follow_up() -> None:
    assert _one("Giao Phòng Tài chính - Kế hoạch đôn đốc thu ngân sách.")["kind"] == "task"


def test_kind_requirement_and_task() -> None:
    assert _one("Yêu cầu UBND các xã nghiêm túc thực hiện.")["kind"] == "requirement"
    assert _one("Đề nghị Ủy ban MTTQ huyện phối hợp tuyên truyền.")["kind"] == "requirement"
    assert _one("Giao Văn phòng gửi báo cáo đến Cổng thông tin điện tử huyện.")["kind"] == "task"


def test_kind_reads_what_is_asked_not_words_that_look_alike() -> None:
    # "tổ chức thực hiện" is carrying out (standing), "tổ chức hội nghị" a task; "cấp ủy" is no "cấp" (issue)
    assert (
        _one("Giao Sở Nông nghiệp chỉ đạo các đơn vị trực thuộc tổ chức thực hiện.")["kind"] == "requirement"
    )
    assert _one("Giao Văn phòng tổ chức hội nghị sơ kết.")["kind"] == "task"
    assert _one("Đề nghị cấp ủy, chính quyền xã tiếp tục củng cố bộ máy.")["kind"] == "requirement"
    assert (
        _one("Yêu cầu các sở khẩn trương đôn đốc các bộ phận chuyên môn tổng hợp báo cáo kết quả.")["kind"]
        == "follow_up"
    )


# --- assignees ---


def test_abbreviations_are_expanded_and_locality_dropped() -> None:
    assert _units("phòng Tài nguyên-MT huyện, phòng Kinh tế- HT huyện và Văn phòng HĐND-UBND huyện") == [
        {"name": "Phòng Tài nguyên và Môi trường"},
        {"name": "Phòng Kinh tế và Hạ tầng"},
        {"name": "Văn phòng HĐND và UBND"},
    ]


def test_communes_group_and_chair_role() -> None:
    assert _units("UBND các xã, thị trấn") == [{"name": "UBND các xã, thị trấn", "group": "communes"}]
    assert _units("Chủ tịch UBND các xã, thị trấn") == [
        {"name": "UBND các xã, thị trấn", "group": "communes", "role": "chair"}
    ]


def test_units_groups_and_head_role() -> None:
    assert _units("các phòng, ban, ngành")[0]["group"] == "units"
    assert _units("các phòng, cơ quan, đơn vị")[0]["group"] == "units"
    assert _units("thủ trưởng các cơ quan, đơn vị") == [
        {"name": "các cơ quan, đơn vị", "group": "units", "role": "head"}
    ]


def test_abbreviated_district_words_in_a_group() -> None:
    assert _units("Chủ tịch UBND các huyện, TX, TP") == [
        {"name": "UBND các huyện, TX, TP", "group": "communes", "role": "chair"}
    ]


def test_departments_and_all_groups() -> None:
    assert _units("các phòng chuyên môn")[0]["group"] == "departments"
    assert _units("các cấp, các ngành trên địa bàn huyện") == [
        {"name": "các cấp, các ngành trên địa bàn huyện", "group": "all"}
    ]


def test_a_list_of_units_stops_at_the_action() -> None:
    assert _units(
        "Phòng Tài nguyên-MT huyện, Công an huyện và Chủ tịch UBND các xã, thị trấn cần tập trung"
    ) == [
        {"name": "Phòng Tài nguyên và Môi trường"},
        {"name": "Công an huyện"},
        {"name": "UBND các xã, thị trấn", "group": "communes", "role": "chair"},
    ]


def test_names_read_word_by_word() -> None:
    assert _units("Trung tâm Phát triển quỹ đất huyện phối hợp") == [{"name": "Trung tâm Phát triển quỹ đất"}]
    assert _units("Sở Nông nghiệp và Phát triển nông thôn hướng dẫn") == [
        {"name": "Sở Nông nghiệp và Phát triển nông thôn"}
    ]
    assert _units("Giám đốc Sở Y tế khẩn trương") == [{"name": "Sở Y tế", "role": "head"}]


def test_committee_with_a_place() -> None:
    assert _units("UBND xã Tân Phú báo cáo") == [{"name": "UBND xã Tân Phú"}]


def test_a_place_by_its_name_is_the_assignee_and_what_follows_is_asked() -> None:
    assert _one("Đề nghị xã Ayun bám sát các chỉ tiêu kinh tế - xã hội để lãnh đạo, chỉ đạo.")[
        "assignees"
    ] == [{"name": "Xã Ayun"}]
    # a trigger word after a committee and its level begins what it is asked to do, not more of its name
    assert _one("Giao UBND huyện yêu cầu chủ đầu tư tự phá dỡ công trình sai phép.")["assignees"] == [
        {"name": "UBND huyện"}
    ]
    assert _one("Yêu cầu các thôn nắm chắc Kế hoạch và làm theo tiến độ.")["assignees"] == [
        {"name": "các thôn"}
    ]


def test_a_name_of_no_known_shape_is_kept_for_review_and_usual_bodies_are_known() -> None:
    found = _one("Giao Báo Hải Phòng, Đài Phát thanh và Truyền hình Hải Phòng đưa tin.")["assignees"]
    assert {"name": "Báo Hải Phòng", "resolved": False} in found
    assert all(a.get("resolved") is not False for a in found if a["name"].startswith("Đài"))


# --- deadlines ---


def test_deadline_day() -> None:
    assert _one("Giao Phòng Nội vụ báo cáo trước ngày 30/9/2021.")["deadline"] == "2021-09-30"


def test_deadline_day_without_year_takes_the_notice_year() -> None:
    assert _one("Giao Phòng Nội vụ báo cáo trước ngày 30/9.", 2022)["deadline"] == "2022-09-30"


def test_deadline_month_and_quarter_take_their_last_day() -> None:
    assert _one("Giao Phòng Nội vụ hoàn thành trong tháng 8/2021.")["deadline"] == "2021-08-31"
    assert (
        _one("Giao Phòng Nội vụ kiện toàn lực lượng, hoàn thành trong quý III năm 2021.")["deadline"]
        == "2021-09-30"
    )


def test_deadline_with_an_hour() -> None:
    assert (
        _one("Yêu cầu UBND các xã di dời dân, hoàn thành trước 17 giờ ngày 10/9/2022.")["deadline"]
        == "2022-09-10"
    )


def test_a_date_that_is_not_a_deadline() -> None:
    assert _one("Giao Phòng Nội vụ báo cáo kết quả năm 2021 và 6 tháng đầu năm 2022.")["deadline"] is None


def test_who_presented_what_is_the_agenda_not_a_directive() -> None:
    found = extract(
        "Công chức Văn phòng - Thống kê trình bày dự thảo báo cáo. "
        "Giao công chức Văn phòng - Thống kê tiếp thu ý kiến, hoàn chỉnh báo cáo.",
        "I.1",
    )
    assert [d["text"][:4] for d in found] == ["Giao"]


def test_the_noun_yeu_cau_is_no_order() -> None:
    found = extract(
        "Trong quá trình thực hiện yêu cầu công việc, nếu có vướng mắc thì liên hệ Văn phòng. "
        "Yêu cầu UBND các xã báo cáo kết quả.",
        "I.1",
    )
    assert [d["text"][:8] for d in found] == ["Yêu cầu "]


def test_the_points_under_an_order_are_its_directives() -> None:
    document = parse_text(
        "ỦY BAN NHÂN DÂN XÃ LIÊN SƠN\n"
        "Số: 08/CV-UBND\n"
        "V/v phòng chống dịch\n"
        "Liên Sơn, ngày 12 tháng 3 năm 2020\n"
        "Kính gửi: Các ông xóm trưởng.\n"
        "Ủy ban nhân dân xã Liên Sơn yêu cầu các ông xóm trưởng thực hiện nghiêm một số nội dung sau:\n"
        "1. Nắm bắt thông tin người dân đến địa bàn kịp thời, chính xác.\n"
        "2. Tuyên truyền, vận động nhân dân về phòng chống dịch bệnh trên loa truyền thanh của thôn.\n"
        "3. Báo cáo UBND xã danh sách người dân đến địa bàn trước 14 giờ hằng ngày.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    found = document["directives"]
    assert [d["text"][:12] for d in found] == ["yêu cầu các ", "Nắm bắt thôn", "Tuyên truyền", "Báo cáo UBND"]
    assert all(d["assignees"][0]["name"] == "các ông xóm trưởng" for d in found)
    assert [d["item"] for d in found[1:]] == [".1", ".2", ".3"]


def test_a_lead_in_whose_points_give_their_own_orders_is_no_directive() -> None:
    found = parse_text(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n"
        "I. Nội dung\n"
        "1. Báo cáo tình hình kinh tế - xã hội tháng 4\n"
        "Trong tháng 5, các cơ quan, đơn vị tập trung thực hiện một số nhiệm vụ sau:\n"
        "a) Giao Phòng Nông nghiệp và PTNT hướng dẫn nhân dân chăm sóc lúa vụ xuân.\n"
        "b) Yêu cầu Phòng Tài chính - Kế hoạch đôn đốc thu ngân sách.\n"
    )["directives"]
    assert [d["text"][:4] for d in found] == ["Giao", "Yêu "]


def test_an_order_given_earlier_in_another_document_is_narrative() -> None:
    found = parse_text(
        "Quảng Ngãi: tháo dỡ công trình trái phép\n"
        "Vừa qua, Chủ tịch UBND tỉnh đã có văn bản yêu cầu UBND thành phố chỉ đạo tháo dỡ công trình trái phép.\n"
        "Tại buổi làm việc, Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra, báo cáo trước ngày 30/6/2022."
    )["directives"]
    assert [d["text"][:20] for d in found] == ["yêu cầu Sở Xây dựng "]


def test_who_is_asked_after_a_time_or_a_condition() -> None:
    found = extract(
        "Chủ tịch UBND tỉnh yêu cầu trước ngày 10/5/2025, Sở Tài chính hoàn thành rà soát.", "I.1"
    )
    assert [u["name"] for u in found[0]["assignees"]] == ["Sở Tài chính"]
    assert found[0]["deadline"] == "2025-05-10"
    found = extract(
        "Đồng chí Phó Chủ tịch yêu cầu: Khi tham gia, lực lượng các xã phải thống nhất chỉ huy.", "I.1"
    )
    assert found[0]["assignees"] == [{"name": "lực lượng các xã", "group": "communes", "resolved": False}]


def test_an_unknown_addressee_before_a_modal_is_kept_for_review() -> None:
    found = extract("Đồng chí Chủ tịch đề nghị đơn vị thi công cần đẩy nhanh tiến độ.", "I.1")
    assert found[0]["assignees"] == [{"name": "đơn vị thi công", "resolved": False}]


def test_kinds_of_unit_listed_without_cac_are_a_group() -> None:
    found = extract(
        "Yêu cầu Thủ trưởng sở, ban, ngành tỉnh, Chủ tịch UBND huyện, thị, thành phố triển khai thực hiện.",
        "I.1",
    )
    assert [(u["name"], u.get("group"), u.get("role")) for u in found[0]["assignees"]] == [
        ("sở, ban, ngành tỉnh", "units", "head"),
        ("UBND huyện, thị, thành phố", "communes", "chair"),
    ]


def test_the_party_committee_and_the_authority_of_a_commune() -> None:
    found = extract("Đề nghị cấp ủy, chính quyền xã tiếp tục củng cố hệ thống chính trị.", "I.1")
    assert [u["name"] for u in found[0]["assignees"]] == ["Cấp ủy", "Chính quyền xã"]
