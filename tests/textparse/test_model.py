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

    def spy(text: str, gold: dict[str, object]) -> list[tuple[list[str], int]]:
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
