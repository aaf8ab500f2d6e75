"""The resolver against every unit mention of the seed notice, as written there."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import GroupKey, Unit
from dieuhanh.org.resolver import get_issuer, resolve

pytestmark = pytest.mark.django_db

# (mention as written in the seed, expected [(code or group, role)])
SEED_MENTIONS = [
    ("phòng Tài nguyên-MT huyện", [("253-TNMT", None)]),
    ("phòng Tài nguyên-MT", [("253-TNMT", None)]),
    (
        "Phòng Tài nguyên-MT huyện, Công an huyện và Chủ tịch UBND các xã, thị trấn",
        [("253-TNMT", None), ("253-CA", None), ("communes", "chair")],
    ),
    ("Văn phòng HĐND-UBND huyện", [("253-VP", None)]),
    ("Trung tâm Văn hóa – TTTT huyện", [("253-TTVH", None)]),
    ("UBND các xã", [("communes", None)]),
    ("các phòng, đơn vị", [("units", None)]),
    (
        "thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn",
        [("units", "head"), ("communes", "chair")],
    ),
    ("phòng Kinh tế- HT huyện", [("253-KTHT", None)]),
    ("phòng Tư pháp huyện", [("253-TP", None)]),
    ("UBND các xã, thị trấn", [("communes", None)]),
    ("các cấp, các ngành trên địa bàn huyện", [("all", None)]),
    ("các phòng, cơ quan, đơn vị và UBND các xã, thị trấn", [("units", None), ("communes", None)]),
    ("Lãnh đạo UBND huyện", [("253", None)]),
    ("Thường trực Huyện ủy", [("253-HU", None)]),
    ("Chủ tịch, các phó CT UBND huyện", [("253", "chair"), ("253", "vice_chair")]),
    ("Các thành viên UBND huyện", [("253", "member")]),
    ("Các cơ quan, đơn vị liên quan", [("units", None)]),
]


def _summary(mention: str) -> list[tuple[str | None, str | None]]:
    result = resolve(mention, get_issuer("253"))
    return [(m.code or m.group, m.role) for m in result.matches]


@pytest.mark.parametrize(("mention", "expected"), SEED_MENTIONS)
def test_seed_mentions_resolve(
    demo: dict[str, int], mention: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _summary(mention) == expected


@pytest.mark.parametrize(
    "variant",
    [
        "Phòng TN&MT",
        "phòng TN-MT",
        "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "phong tai nguyen  moi truong",
        "Phòng TNMT",
    ],
)
def test_insensitive_to_diacritics_case_spacing_and_abbreviations(demo: dict[str, int], variant: str) -> None:
    assert _summary(variant) == [("253-TNMT", None)]


def test_group_expands_to_every_commune(demo: dict[str, int]) -> None:
    result = resolve("Chủ tịch UBND các xã, thị trấn", get_issuer("253"))
    (match,) = result.matches
    assert match.group == GroupKey.COMMUNES and match.role == "chair"
    assert len(match.members) == 14
    assert {u.level for u in match.members} == {"commune"}
    assert "Ủy ban nhân dân thị trấn Tam Sơn" in {u.name for u in match.members}


def test_head_of_units_covers_departments_and_agencies(demo: dict[str, int]) -> None:
    (match,) = resolve("thủ trưởng các cơ quan, đơn vị", get_issuer("253")).matches
    kinds = {u.kind for u in match.members}
    assert match.role == "head" and kinds == {"office", "department", "agency"}


def test_not_found_gives_suggestions(demo: dict[str, int]) -> None:
    result = resolve("phòng Tài nguyên môi trườngg", get_issuer("253"))
    assert result.matches == []
    assert result.suggestions[0].code == "253-TNMT"


def test_merged_unit_is_not_resolved_after_its_end(demo: dict[str, int]) -> None:
    import datetime as dt

    from dieuhanh.org.services import merge_units, save_unit

    tnmt = Unit.objects.get(code="253-TNMT")
    new = save_unit(
        actor=None,
        code="253-NNMT",
        name="Phòng Nông nghiệp và Môi trường huyện Sông Lô",
        kind="department",
        level="district",
        issuer=get_issuer("253"),
        parent=get_issuer("253"),
    )
    merge_units(actor=None, units=[tnmt], into=new, on=dt.date(2025, 3, 1), note="Nghị định 45/2025/NĐ-CP")
    issuer = get_issuer("253")
    assert [m.code for m in resolve("phòng TN&MT", issuer, on=dt.date(2021, 8, 9)).matches] == ["253-TNMT"]
    assert resolve("phòng TN&MT", issuer, on=dt.date(2025, 4, 1)).matches == []
    assert Unit.objects.get(code="253-TNMT").final_successor().code == "253-NNMT"


def test_cli_json_and_exit_codes(demo: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    call_command("units", "resolve", "phòng Kinh tế- HT huyện", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["matches"] == [
        {"code": "253-KTHT", "name": "Phòng Kinh tế và Hạ tầng huyện Sông Lô", "group": None, "role": None}
    ]
    with pytest.raises(SystemExit) as exc:
        call_command("units", "resolve", "Sở Ngoại vụ", "--json", "--issuer", "253")
    assert exc.value.code == 1
    assert "suggestions" in json.loads(capsys.readouterr().out)


def test_unknown_issuer_is_a_clear_error(demo: dict[str, int]) -> None:
    with pytest.raises(DomainError, match="Không có cơ quan ban hành mã"):
        get_issuer("99999")


def test_console_command_is_installed() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dieuhanh.manage", "units", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "resolve" in out.stdout
