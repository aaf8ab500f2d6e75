"""Statistics of imported dossiers: the stored dataset gives what the engine gives on the same rows, and the
snapshot ranks departments apart from communes with the registry's groups."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from dieuhanh.tthc import queries
from dieuhanh.tthc.engine import unit_stats
from dieuhanh.tthc.periods import Period
from dieuhanh.tthc.ranking import COMMUNES, DEPARTMENTS

from .factories import issuer, run
from .reference import Dossier, random_dossiers, reference_stats, to_table

pytestmark = pytest.mark.django_db

COMMUNES_OF_SONG_LO = ["08773", "08776", "08782", "08800", "08803", "08806", "08809", "08818", "08824", "08830",
                       "08848", "08851", "08854", "08860"]  # fmt: skip
DEPARTMENTS_OF_SONG_LO = ["253-NV", "253-TP", "253-TCKH", "253-TNMT", "253-LDTBXH", "253-VHTT", "253-GDDT",
                          "253-YT", "253-TTRA", "253-KTHT", "253-NNPTNT"]  # fmt: skip
WORDS = {"online": "Trực tuyến", "counter": "Trực tiếp", "postal": "Bưu chính", None: ""}


def _clean(dossiers: list[Dossier]) -> list[Dossier]:
    """The reference's dossiers an import accepts, on the Sông Lô units (dirty rows are refused, not read)."""
    units = COMMUNES_OF_SONG_LO + DEPARTMENTS_OF_SONG_LO
    mapping: dict[str, str] = {}
    out = []
    for d in dossiers:
        if d.unit_code is None or d.received_at is None:
            continue
        ends = [t for t in (d.resolved_at, d.returned_at, d.withdrawn_at) if t is not None]
        if any(t.date() < d.received_at.date() for t in ends):
            continue
        d.unit_code = mapping.setdefault(d.unit_code, units[len(mapping) % len(units)])
        d.channel = d.channel or "counter"
        out.append(d)
    return out


def _stamp(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d/%m/%Y %H:%M:%S")


def test_stats_of_the_stored_dataset_equal_the_engine_on_the_same_rows(
    demo: dict[str, int], tmp_path: Path
) -> None:
    dossiers = _clean(random_dossiers(4000, seed=11))
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Mã hồ sơ", "Mã đơn vị", "Hình thức nộp", "Ngày nhận", "Ngày hẹn trả", "Ngày hoàn thành",
                         "Ngày trả lại", "Ngày rút hồ sơ"])  # fmt: skip
        for i, d in enumerate(dossiers):
            writer.writerow([f"HS{i:06d}", d.unit_code, WORDS[d.channel], _stamp(d.received_at), _stamp(d.due_at),
                             _stamp(d.resolved_at), _stamp(d.returned_at), _stamp(d.withdrawn_at)])  # fmt: skip
    job = run(path)
    assert job.status == "done", (job.message, job.errors[:3])
    table = to_table(dossiers)
    for label in ("2023-11", "2023-12", "2024-01", "2024-Q1", "2023-12-15..2024-01-14"):
        period = Period.parse(label)
        stored = queries.period_stats(issuer(), period)
        assert stored == unit_stats(table, period, units=COMMUNES_OF_SONG_LO), label
        expected = {r["unit_code"]: r for r in reference_stats(dossiers, period)}
        assert {r.unit_code: r.as_dict() for r in stored if r.processed} == expected, label


def test_snapshot_groups_units_by_the_registry_and_compares_with_the_previous_period(
    demo: dict[str, int], tmp_path: Path
) -> None:
    from dieuhanh.tthc.demo import load_demo_dossiers

    load_demo_dossiers()
    snap = queries.snapshot(issuer(), Period.parse("2021-07"))
    groups = {g["group"]: g for g in snap["groups"]}
    assert sorted(groups[COMMUNES]["ranked"] + groups[COMMUNES]["insufficient"]) == COMMUNES_OF_SONG_LO
    assert all(code.startswith("253-") for code in groups[DEPARTMENTS]["ranked"])
    units = {u["unit_code"]: u for u in snap["units"]}
    assert {code for code, u in units.items() if u["follow_up"]} == {"08803", "08854", "08851"}
    assert units["08803"]["name"] == "Ủy ban nhân dân xã Nhân Đạo"
    june = {r.unit_code: r for r in queries.period_stats(issuer(), Period.parse("2021-06"))}
    assert units["08803"]["previous_received"] == june["08803"].received
    assert units["08803"]["received_change"] == units["08803"]["received"] - june["08803"].received
    totals = snap["totals"]
    assert totals["processed"] == totals["resolved"] + totals["pending"] + totals["returned_or_withdrawn"]
    assert totals["processed"] == sum(u["processed"] for u in snap["units"])
    assert snap["change"]["received"] == totals["received"] - snap["previous_totals"]["received"]
    assert queries.available_periods(issuer())[:3] == ["2021-08", "2021-07", "2021-06"]
