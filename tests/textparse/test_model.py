"""The directive model: shipped, current with the corpus's development half, readable, and what it decides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dieuhanh.textparse import parse_text
from dieuhanh.textparse.corpus import load
from dieuhanh.textparse.model import MODEL_FORMAT, MODEL_PATH, from_json
from dieuhanh.textparse.units import read_assignees

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_the_shipped_model_is_trained_on_todays_development_half() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == MODEL_FORMAT
    dev = [d for d in load(CORPUS) if d.half == "dev"]
    assert data["trained_on"]["documents"] == len(dev), "the corpus changed: run `make model`"
    assert 0 < data["threshold"] < 1 and len(data["weights"]) < 5000
    model = from_json(data)
    assert model.probability(["type=trigger", "mention", "trigger:mention"]) > model.probability(
        ["narrative"]
    )


def test_training_reads_only_the_development_half(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sklearn")
    from dieuhanh.textparse import training

    seen: list[str] = []
    real = training.labelled_candidates

    def spy(text: str, gold: dict[str, object]) -> list[tuple[object, int]]:
        seen.append(text)
        return real(text, gold)

    monkeypatch.setattr(training, "labelled_candidates", spy)
    documents = load(CORPUS)
    model = training.train(documents, c=1.0)
    test_texts = {d.text for d in documents if d.half == "test"}
    assert seen and not test_texts & set(seen)
    assert from_json(model).threshold == model["threshold"]


def test_every_directive_carries_a_confidence() -> None:
    doc = parse_text(
        "THÔNG BÁO\nKết luận\n1. Giao Phòng Tư pháp huyện rà soát hồ sơ, báo cáo trước ngày 20/10/2021."
    )
    (directive,) = doc["directives"]
    assert 0.0 < directive["confidence"] <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Sau khi nghe ý kiến thảo luận của các đại biểu, đồng chí Chủ tịch UBND huyện yêu cầu Phòng Văn hóa và "
        "Thông tin hoàn chỉnh kế hoạch tổ chức lễ hội.",
        "Đồng chí Chủ tịch kết luận như: Đề nghị các tổ dân phố, hộ kinh doanh ven chợ giữ gìn trật tự vỉa hè.",
    ],
)
def test_the_chairs_own_directive_is_found(text: str) -> None:
    found = parse_text("Tin phiên họp\n" + text)["directives"]
    assert len(found) == 1 and found[0]["text"].split()[0].lower() in ("yêu", "đề")


@pytest.mark.parametrize(
    "text",
    [
        "UBND huyện đã chỉ đạo các xã, thị trấn hoàn thành thu hoạch lúa.",
        "Tại phiên họp, các đại biểu đã thảo luận, đề nghị UBND huyện quan tâm tháo gỡ khó khăn.",
        "Thực hiện bàn giao 75 con giống bò cái sinh sản cho 47 hộ.",
    ],
)
def test_narrative_proposals_and_handovers_are_not_directives(text: str) -> None:
    assert parse_text("Tin phiên họp\n" + text)["directives"] == []


def test_a_mention_no_registry_shape_knows_is_kept_unresolved() -> None:
    units, _ = read_assignees(
        "Sở Thông tin và Truyền thông chủ trì, cùng Báo Hải Phòng, Đài Phát thanh và Truyền hình Hải Phòng tuyên "
        "truyền",
        0,
    )
    assert units[0] == {"name": "Sở Thông tin và Truyền thông"}
    assert {"name": "Báo Hải Phòng", "resolved": "no"} in units
    assert any(u["name"] == "Đài Phát thanh và Truyền hình Hải Phòng" for u in units)
    doc = parse_text("THÔNG BÁO\nKết luận\n1. Giao Báo Hải Phòng đăng tải thông tin về lễ hội.")
    assert doc["directives"][0]["assignees"] == [{"name": "Báo Hải Phòng", "resolved": False}]


def test_several_units_addressed_by_one_trigger_are_all_assignees() -> None:
    units, _ = read_assignees("Chủ tịch UBND các xã, thị trấn và Phòng TN-MT huyện tập trung", 0)
    assert units == [
        {"name": "UBND các xã, thị trấn", "group": "communes", "role": "chair"},
        {"name": "Phòng Tài nguyên và Môi trường"},
    ]


def test_units_that_go_on_from_an_order_are_directives() -> None:
    text = (
        "Tin chợ hoa\n"
        "UBND thị xã giao Phòng Kinh tế hướng dẫn các phường bố trí điểm bán hoa theo quy định.\n"
        "Phòng Tài nguyên và Môi trường chỉ đạo đơn vị thu gom rác thải sau mỗi ngày họp chợ.\n"
        "Công an thị xã chủ trì, cùng các phường bảo đảm trật tự an toàn giao thông tại khu vực chợ."
    )
    found = [d["text"].split(",")[0].split(" chỉ đạo")[0] for d in parse_text(text)["directives"]]
    assert found[0].startswith("giao Phòng Kinh tế")
    assert "Phòng Tài nguyên và Môi trường" in found and "Công an thị xã chủ trì" in found
    # the authority before its own trigger is the speaker, not a clause of its own
    assert not any(t.startswith("UBND thị xã") for t in found)


def test_a_news_item_opening_with_the_order_it_reports() -> None:
    doc = parse_text(
        "Đẩy nhanh giải ngân\nChủ tịch UBND tỉnh vừa chỉ đạo các sở, ngành và UBND các huyện đẩy nhanh tiến "
        "độ giải ngân vốn đầu tư công năm 2025."
    )
    (directive,) = doc["directives"]
    assert directive["text"].startswith("chỉ đạo các sở, ngành")
    # further on, "vừa"/"đã" tell what came before
    later = parse_text(
        "Tin giao ban\nHội nghị nghe báo cáo kết quả tháng 8. Trước đó, UBND huyện vừa chỉ đạo các xã rà "
        "soát diện tích lúa bị ngập."
    )
    assert later["directives"] == []


def test_the_units_after_a_colon_are_the_assignees() -> None:
    doc = parse_text(
        "Tin giao ban\nĐồng chí Chủ tịch UBND thành phố chỉ đạo: các ban, ngành, đơn vị rà soát tất cả các dự án "
        "trên địa bàn để điều chỉnh tiến độ."
    )
    (directive,) = doc["directives"]
    assert [a.get("group") for a in directive["assignees"]] == ["units"]


def test_levels_named_together_are_the_communes_group_without_cac() -> None:
    units, _ = read_assignees("Các chủ tịch UBND xã, phường phải chịu trách nhiệm toàn diện.", 0)
    assert units == [{"name": "UBND xã, phường", "group": "communes", "role": "chair"}]
    named, _ = read_assignees("UBND xã Đồng Quế rà soát hồ sơ.", 0)
    assert [u.get("group") for u in named] == [None]
